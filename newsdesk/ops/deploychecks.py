"""newsdesk's own deployment checks, beside Django's ``check --deploy``.

Each check returns Findings; an ERROR means the site must not go live as configured, a
WARNING means it can, but the operator should know.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from newsdesk import conf
from newsdesk.llm.registry import UnknownBackend, get_backends

ERROR, WARNING, OK = "error", "warning", "ok"


@dataclass(frozen=True)
class Finding:
    level: str
    check: str
    detail: str


def check_debug() -> list[Finding]:
    if settings.DEBUG:
        return [Finding(ERROR, "debug", "NEWSDESK_DEBUG is on: tracebacks and settings "
                                         "would be shown to visitors; set it to false")]
    return [Finding(OK, "debug", "debug is off")]


def check_secret_key() -> list[Finding]:
    key = settings.SECRET_KEY
    if len(key) < 50 or key.startswith("django-insecure") or len(set(key)) < 5:
        return [Finding(ERROR, "secret key", "the secret key is short or a default; set "
                                              "NEWSDESK_SECRET_KEY to 50+ random characters")]
    if not conf.options().server.secret_key:
        return [Finding(WARNING, "secret key",
                        "generated and kept in the data folder: fine on one machine; with "
                        "several web machines set the same NEWSDESK_SECRET_KEY on each")]
    return [Finding(OK, "secret key", "configured")]


def check_allowed_hosts() -> list[Finding]:
    hosts = list(settings.ALLOWED_HOSTS)
    if not hosts:
        return [Finding(ERROR, "allowed hosts", "NEWSDESK_ALLOWED_HOSTS is empty")]
    if "*" in hosts:
        return [Finding(ERROR, "allowed hosts", "NEWSDESK_ALLOWED_HOSTS contains '*': "
                                                 "name the site's host names")]
    if set(hosts) <= {"127.0.0.1", "localhost", "::1", "[::1]"}:
        return [Finding(WARNING, "allowed hosts",
                        "only loopback names: the site answers no public host name")]
    return [Finding(OK, "allowed hosts", ", ".join(hosts))]


def check_database() -> list[Finding]:
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        connection.ensure_connection()
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:  # any driver error means the same thing to the operator
        return [Finding(ERROR, "database", f"{connection.vendor} unreachable: {exc}")]
    if plan:
        return [Finding(ERROR, "database",
                        f"{len(plan)} migrations not applied: run `newsdesk migrate`")]
    return [Finding(OK, "database", f"{connection.vendor} reachable, migrations applied")]


def check_llm() -> list[Finding]:
    """The backends the pipeline would use (the one resolver decides), each asked for
    its health; a name that resolves to nothing is an error, as it is for the pipeline."""
    llm = conf.options().llm
    try:
        primary, fallback = get_backends(llm.backend, llm.fallback, llm.backends)
    except UnknownBackend as exc:
        return [Finding(ERROR, f"llm {'backend' if exc.role == 'primary' else 'fallback'}",
                        str(exc))]
    except ValueError as exc:
        return [Finding(ERROR, "llm", str(exc))]
    found = []
    for role, backend in (("backend", primary), ("fallback", fallback)):
        if backend is None:
            continue
        health = backend.health()
        level = OK if health.ok else (ERROR if role == "backend" else WARNING)
        found.append(Finding(level, f"llm {role}", f"{backend.name}: {health.detail}"))
    return found


def _writable(folder: Path) -> str:
    """An empty string when a file can be created in ``folder``, else why not."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".check-"):
            pass
    except OSError as exc:
        return str(exc)
    return ""


def check_folders() -> list[Finding]:
    from newsdesk.prerender.store import pages_dir

    found = []
    for label, folder in (("data folder", Path(settings.DATA_DIR)), ("pages folder", pages_dir())):
        problem = _writable(folder)
        found.append(Finding(ERROR, label, f"{folder} is not writable: {problem}") if problem
                     else Finding(OK, label, f"{folder} writable"))
    return found


def check_https() -> list[Finding]:
    if not conf.options().server.https:
        return [Finding(WARNING, "https",
                        "NEWSDESK_HTTPS is off: no HSTS, cookies not marked secure; turn it on "
                        "once the site (or its proxy) serves https")]
    return [Finding(OK, "https", "HSTS, secure cookies and the https redirect are on")]


def check_django_deploy() -> list[Finding]:
    """Django's own ``check --deploy``; its warnings about https are ours to explain, so
    they are left out while NEWSDESK_HTTPS is off (check_https says it once)."""
    https_only = {"security.W004", "security.W008", "security.W012", "security.W016"}
    # HSTS preload is left to the operator: once on the browsers' list a domain and all its
    # subdomains are https-only for months, which newsdesk cannot decide for them.
    operator_choice = {"security.W021"}
    # DEBUG, the secret key and ALLOWED_HOSTS: check_debug, check_secret_key and
    # check_allowed_hosts report these as errors, with what to set; saying it twice is noise.
    ours = {"security.W009", "security.W018", "security.W020"}
    found = []
    for message in checks.run_checks(include_deployment_checks=True):
        if message.is_silenced() or message.id in operator_choice or message.id in ours:
            continue
        if message.id in https_only and not conf.options().server.https:
            continue
        level = ERROR if message.level >= checks.ERROR else WARNING
        found.append(Finding(level, f"django {message.id}", str(message.msg)))
    return found or [Finding(OK, "django", "check --deploy found nothing")]


ALL_CHECKS: tuple[Callable[[], list[Finding]], ...] = (
    check_django_deploy, check_debug, check_secret_key, check_allowed_hosts, check_https,
    check_database, check_llm, check_folders,
)


def run_all() -> list[Finding]:
    return [finding for check in ALL_CHECKS for finding in check()]


def exit_code(findings: list[Finding], *, strict: bool) -> int:
    """0: fit to deploy; 1: an error (or, with --strict, a warning)."""
    if any(f.level == ERROR for f in findings):
        return 1
    if strict and any(f.level == WARNING for f in findings):
        return 1
    return 0



