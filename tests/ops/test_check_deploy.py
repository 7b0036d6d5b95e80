"""`newsdesk check-deploy`: each of our checks finds what it should, and the exit code says
whether the installation is fit to serve."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsdesk.ops import deploychecks as dc
from tests.loopback import Route, loopback_server
from tests.support.options import OptionsOverride

NEWSDESK = str(Path(sys.executable).with_name("newsdesk"))


def _levels(findings: list[dc.Finding]) -> list[str]:
    return [f.level for f in findings]


def test_debug_on_is_an_error(settings) -> None:
    settings.DEBUG = True
    assert _levels(dc.check_debug()) == [dc.ERROR]
    settings.DEBUG = False
    assert _levels(dc.check_debug()) == [dc.OK]


@pytest.mark.parametrize(("hosts", "level"), [
    ([], dc.ERROR), (["*"], dc.ERROR), (["127.0.0.1", "localhost"], dc.WARNING),
    (["news.example.org"], dc.OK)])
def test_allowed_hosts(settings, hosts: list[str], level: str) -> None:
    settings.ALLOWED_HOSTS = hosts
    assert _levels(dc.check_allowed_hosts()) == [level]


def test_a_short_or_default_secret_key_is_an_error(settings) -> None:
    settings.SECRET_KEY = "django-insecure-" + "x" * 50
    assert _levels(dc.check_secret_key()) == [dc.ERROR]
    settings.SECRET_KEY = "short"
    assert _levels(dc.check_secret_key()) == [dc.ERROR]


@pytest.mark.django_db
def test_the_migrated_test_database_passes() -> None:
    [finding] = dc.check_database()
    assert finding.level == dc.OK and "migrations applied" in finding.detail


def _openai_backends(options: OptionsOverride, base_url: str) -> None:
    options.set(NEWSDESK_LLM_BACKEND="openai", NEWSDESK_LLM_FALLBACK="offline")
    backends = {**options.current.llm.backends}
    backends["openai"] = {**backends["openai"], "OPTIONS": {
        **backends["openai"]["OPTIONS"], "base_url": base_url, "timeout": 2.0}}
    options.set_llm_backends(backends)


def test_an_unreachable_llm_server_is_an_error_and_a_live_one_passes(
        options: OptionsOverride) -> None:
    with loopback_server({"/v1/models": Route(b'{"data": [{"id": "llama3.2"}]}')}) as server:
        _openai_backends(options, server.url("/v1"))
        backend, fallback = dc.check_llm()
        assert (backend.level, fallback.level) == (dc.OK, dc.OK)
        assert tuple(path for path, _ in server.hits) == ("/v1/models", )
        dead = server.url("/v1")
    _openai_backends(options, dead)  # the server is gone: nothing listens there now
    backend, _ = dc.check_llm()
    assert backend.level == dc.ERROR and "unreachable" in backend.detail


def test_an_unknown_backend_name_is_an_error(options: OptionsOverride) -> None:
    options.set(NEWSDESK_LLM_BACKEND="nonesuch")
    assert dc.check_llm()[0].level == dc.ERROR


def test_a_pages_folder_that_cannot_be_created_is_an_error(
        tmp_path: Path, options: OptionsOverride) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")
    options.set(NEWSDESK_PAGES_DIR=str(blocker / "pages"))
    levels = {f.check: f.level for f in dc.check_folders()}
    assert levels == {"data folder": dc.OK, "pages folder": dc.ERROR}


def test_exit_code() -> None:
    ok, warn, err = (dc.Finding(level, "x", "") for level in (dc.OK, dc.WARNING, dc.ERROR))
    assert dc.exit_code([ok, warn], strict=False) == 0
    assert dc.exit_code([ok, warn], strict=True) == 1
    assert dc.exit_code([ok, err], strict=False) == 1


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([NEWSDESK, *args], env={**os.environ, **env}, capture_output=True,
                          text=True, timeout=300)


def test_the_command_fails_a_debug_site_on_an_unmigrated_database(tmp_path: Path) -> None:
    env = {"NEWSDESK_DATA_DIR": str(tmp_path), "NEWSDESK_PAGES_DIR": "",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}", "NEWSDESK_DEBUG": "true"}
    result = _run(env, "check-deploy")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "[FAIL] debug" in result.stdout
    assert "migrations not applied" in result.stdout


def test_the_command_passes_a_production_configuration_strictly(tmp_path: Path) -> None:
    env = {"NEWSDESK_DATA_DIR": str(tmp_path), "NEWSDESK_PAGES_DIR": "",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}", "NEWSDESK_DEBUG": "false",
           "NEWSDESK_SECRET_KEY": "k7Pq-Zr2x_Wm9" * 5, "NEWSDESK_ALLOWED_HOSTS": "news.example.org",
           "NEWSDESK_HTTPS": "true"}
    assert _run(env, "migrate", "--noinput").returncode == 0
    result = _run(env, "check-deploy", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors, 0 warnings" in result.stdout
