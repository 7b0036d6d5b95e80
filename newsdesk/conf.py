"""Every NEWSDESK_* option, declared once: name, type, default, whether secret, and why.

The declarations (``OPTIONS``) are read once per process into typed groups (``options()``:
``site``, ``fetch``, ``llm``, ...), and newsdesk code reads its configuration there and
nowhere else: Django's settings take what Django needs from it, the pure core takes
values as parameters and never reads the environment. ``newsdesk config`` prints the
effective values with secrets redacted; a test fails when an option is missing from
docs/configuration.md.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from newsdesk.reader.addresses import IPNetwork, parse_networks
from newsdesk.reader.fetch_options import FetchOptions


def _bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"expected a boolean (true/false), got {raw!r}")


def _csv(raw: str) -> list[str]:
    return [part.strip() for part in raw.split(",") if part.strip()]


def _networks(raw: str) -> tuple[IPNetwork, ...]:
    """Comma-separated networks, each checked now so a typo fails at startup."""
    return parse_networks(raw.split(","))


def _time_of_day(raw: str) -> str:
    """A UTC time of day as HH:MM, checked now so a typo fails at startup."""
    hours, sep, minutes = raw.strip().partition(":")
    if not (sep and hours.isdigit() and minutes.isdigit() and len(minutes) == 2
            and 0 <= int(hours) <= 23 and 0 <= int(minutes) <= 59):
        raise ValueError(f"expected a time of day as HH:MM (UTC), got {raw!r}")
    return f"{int(hours):02d}:{minutes}"


def _json_object(raw: str) -> dict[str, Any]:
    """A JSON object such as {"KEY": "value"}; empty means {}."""
    if not raw.strip():
        return {}
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"expected a JSON object such as {{\"KEY\": \"value\"}}: {exc.msg}"
                         ) from None
    if not isinstance(value, dict):
        raise ValueError("expected a JSON object such as {\"KEY\": \"value\"}")
    return value


@dataclass(frozen=True)
class Option:
    name: str
    parse: Callable[[str], Any]
    default: str
    doc: str
    secret: bool = False

    def value(self, environ: Mapping[str, str] | None = None) -> Any:
        env = os.environ if environ is None else environ
        raw = env.get(self.name, self.default)
        try:
            return self.parse(raw)
        except ValueError as exc:
            if str(exc).startswith(f"{self.name}:"):
                raise
            raise ValueError(f"{self.name}: {exc}") from exc


OPTIONS: tuple[Option, ...] = (
    Option("DATABASE_URL", str, "",
           "Database URL: sqlite:///path/to.db or postgres://user@host/db. "
           "Empty means a SQLite file under NEWSDESK_DATA_DIR."),
    Option("NEWSDESK_DATA_DIR", str, "data",
           "Folder for the SQLite database and collected static files."),
    Option("NEWSDESK_SECRET_KEY", str, "",
           "Django secret key. When empty, one is generated once and kept in "
           "NEWSDESK_DATA_DIR/secret_key.", secret=True),
    Option("NEWSDESK_DEBUG", _bool, "false", "Django debug mode. Never on in production."),
    Option("NEWSDESK_ALLOWED_HOSTS", _csv, "127.0.0.1,localhost",
           "Comma-separated host names the site answers to."),
    Option("NEWSDESK_SITE_NAME", str, "newsdesk", "Name shown in the page header and feeds."),
    Option("NEWSDESK_PAGE_SIZE", int, "20", "Articles per index page."),
    Option("NEWSDESK_SITE_URL", str, "http://127.0.0.1:8000",
           "Public base URL of the site, for canonical links, feeds, sitemaps and cards."),
    Option("NEWSDESK_CACHE_URL", str, "",
           "Where rendered pages are cached, shared by every process: empty for a folder in "
           "the data dir (one machine), redis://host:6379/0 for many machines."),
    Option("NEWSDESK_AUTO_PUBLISH", _bool, "true",
           "Publish a rewrite automatically when the guard passes; otherwise it waits for review."),
    Option("NEWSDESK_LLM_BACKEND", str, "offline",
           "Backend that writes rewrites: offline (extractive, no model) or openai."),
    Option("NEWSDESK_LLM_FALLBACK", str, "offline",
           "Backend used when the main one fails; empty disables the fallback."),
    Option("NEWSDESK_OPENAI_BASE_URL", str, "http://127.0.0.1:11434/v1",
           "Base URL of an OpenAI-compatible API (Ollama, llama.cpp server, vLLM, OpenAI)."),
    Option("NEWSDESK_OPENAI_MODEL", str, "llama3.2",
           "Model name sent to the OpenAI-compatible API."),
    Option("NEWSDESK_OPENAI_API_KEY", str, "",
           "API key for the OpenAI-compatible API, if it needs one.", secret=True),
    Option("NEWSDESK_OPENAI_TIMEOUT", float, "120", "Seconds to wait for one LLM reply."),
    Option("NEWSDESK_OPENAI_KEY_ENV", str, "NEWSDESK_OPENAI_API_KEY",
           "Name of the environment variable that holds the API key (e.g. OPENAI_API_KEY)."),
    Option("NEWSDESK_OPENAI_MAX_CONCURRENCY", int, "4",
           "Most calls in flight at once to the OpenAI-compatible API, per process."),
    Option("NEWSDESK_OPENAI_RPM", int, "0",
           "Most calls a minute to the OpenAI-compatible API, per process; 0 means no budget."),
    Option("NEWSDESK_LOCAL_MODEL_PATH", str, "",
           "A .gguf file for the in-process `local` backend (needs newsdesk[local]); "
           "empty leaves that backend out. Never downloaded."),
    Option("NEWSDESK_LOCAL_THREADS", int, "0",
           "CPU threads of the local backend; 0 means all cores but one."),
    Option("NEWSDESK_LLM_SUMMARIES", _bool, "false",
           "Ask the LLM backend for summaries; one that fails the guard is replaced by "
           "the extractive summary. Ignored with the offline backend."),
    Option("NEWSDESK_FETCH_TIMEOUT", float, "20",
           "Seconds allowed for one feed or page fetch, in all."),
    Option("NEWSDESK_FETCH_MAX_BYTES", int, str(10 * 1024 * 1024),
           "Largest body read from one fetch; longer bodies are cut off with an error."),
    Option("NEWSDESK_STORY_WINDOW_DAYS", int, "3",
           "Items seen within this many days are matched as reports of one story."),
    Option("NEWSDESK_STORY_SIMILARITY", float, "0.5",
           "Estimated word-shingle Jaccard similarity (0-1) at which two items are one story."),
    Option("NEWSDESK_REFRESH_MIN_SECONDS", int, "300",
           "Shortest interval between scheduled checks of one source."),
    Option("NEWSDESK_REFRESH_MAX_SECONDS", int, "86400",
           "Longest interval between checks, also the cap of the error backoff."),
    Option("NEWSDESK_REFRESH_DEFAULT_SECONDS", int, "3600",
           "Interval a new source starts with, before it adapts."),
    Option("NEWSDESK_CLAIM_LEASE_SECONDS", int, "900",
           "An item claimed longer ago than this by a worker that died is processed again."),
    Option("NEWSDESK_FETCH_ALLOW_NETWORKS", _networks, "",
           "Comma-separated networks the fetcher may reach although they are private, "
           "loopback or link-local, e.g. 127.0.0.1/32,10.0.0.0/8. Empty: all such targets "
           "are refused."),
    Option("NEWSDESK_LOG_LEVEL", str, "INFO", "Log level of newsdesk's own loggers."),
    Option("NEWSDESK_HTTPS", _bool, "false",
           "The site is reached over HTTPS (directly or behind a TLS proxy): turns on HSTS, "
           "secure cookies and the redirect to https."),
    Option("NEWSDESK_LOGIN_FAILURE_LIMIT", int, "5",
           "Failed admin logins from one address for one user name before the login is locked "
           "(django-axes); an admin unlocks with `newsdesk axes_reset`."),
    Option("NEWSDESK_LOGIN_COOLOFF_MINUTES", int, "30",
           "Minutes a locked login stays locked; 0 keeps it locked until reset."),
    Option("NEWSDESK_PRERENDER", _bool, "true",
           "Render published pages once at publish time and serve them as bytes in front "
           "of Django."),
    Option("NEWSDESK_PAGES_DIR", str, "",
           "Folder of the pre-rendered pages; empty means NEWSDESK_DATA_DIR/pages. With several "
           "machines it must be storage that web processes and task workers share."),
    Option("NEWSDESK_SMTP_URL", str, "",
           "Where mail is sent: smtps://user:pass@host:465 (TLS from the start), "
           "smtp+starttls://user:pass@host:587 (STARTTLS), smtp://host:25 (plain, for a relay "
           "on the same machine). Empty writes mail to files under NEWSDESK_DATA_DIR/outbox "
           "instead of sending it.",
           secret=True),
    Option("NEWSDESK_EMAIL_FROM", str, "newsdesk <briefing@localhost>",
           "The From of every mail newsdesk sends (briefings and confirmation links)."),
    Option("NEWSDESK_EMAIL_BACKEND", str, "",
           "A Django email backend's dotted path that replaces the SMTP one, e.g. "
           "anymail.backends.postmark.EmailBackend (install django-anymail first)."),
    Option("NEWSDESK_ANYMAIL", _json_object, "",
           "django-anymail's settings as a JSON object, e.g. "
           "{\"POSTMARK_SERVER_TOKEN\": \"...\"}; used with NEWSDESK_EMAIL_BACKEND.",
           secret=True),
    Option("NEWSDESK_BRIEFING_TIME", _time_of_day, "06:00",
           "UTC time of day the daily briefing is sent by `newsdesk run` / `newsdesk "
           "schedule`; a day's briefing holds the articles of the 24 hours before it."),
    Option("NEWSDESK_BRIEFING_RATE", float, "5",
           "Most briefing mails sent a second by one worker; 0 means no limit."),
    Option("NEWSDESK_BRIEFING_MAX_ATTEMPTS", int, "6",
           "Tries of one briefing mail that meets temporary SMTP errors (4xx, no "
           "connection) before it is given up; the waits between them double from 5 minutes."),
    Option("NEWSDESK_BRIEFING_CONFIRM_HOURS", int, "48",
           "Hours a confirmation link works; an address not confirmed by then is deleted."),
    Option("NEWSDESK_BRIEFING_RESEND_HOURS", int, "12",
           "Least hours between two confirmation mails to one address, however often the "
           "form is sent for it."),
    Option("NEWSDESK_BRIEFING_CONFIRMS_PER_HOUR", int, "200",
           "Most confirmation mails the whole site sends in an hour; more requests are "
           "asked to try later. 0 means no limit."),
    Option("NEWSDESK_BRIEFING_UNSUBSCRIBE_MAILTO", str, "",
           "Address in the List-Unsubscribe mailto link; empty means the From address."),
    Option("NEWSDESK_AP_ENABLED", _bool, "true",
           "Publish to the fediverse: the site is an ActivityPub actor Mastodon users can "
           "follow. Off: the discovery, actor and inbox addresses answer 404 and nothing "
           "is delivered."),
    Option("NEWSDESK_AP_USERNAME", str, "news",
           "The site actor's name: followed as @NAME@host, the host (and a port other than "
           "the scheme's) taken from NEWSDESK_SITE_URL."),
    Option("NEWSDESK_AP_SECTIONS", _csv, "",
           "Section slugs that get an actor of their own (@SLUG@host) carrying only that "
           "section's articles; * for every section; empty for none."),
    Option("NEWSDESK_AP_SUMMARY", str, "",
           "The actor's profile text; empty means a line naming the site."),
    Option("NEWSDESK_AP_ICON_URL", str, "",
           "Absolute URL of the actor's avatar; empty means the site's icon."),
    Option("NEWSDESK_AP_MAX_BODY_BYTES", int, "262144",
           "Largest POST the inbox reads; a longer one is refused with 413."),
    Option("NEWSDESK_AP_SIGNATURE_MAX_AGE", int, "300",
           "Seconds a signed inbox POST's Date may be off the clock, either way; an older "
           "one (a replay) is refused with 401."),
    Option("NEWSDESK_AP_MAX_ATTEMPTS", int, "8",
           "Tries of one delivery to a follower's inbox that fails for a while (5xx, 429, "
           "no connection) before it is given up; the waits double from one minute."),
)

BY_NAME: dict[str, Option] = {option.name: option for option in OPTIONS}


def effective(environ: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    """(name, printable value) of every option, secrets redacted."""
    rows = []
    for option in OPTIONS:
        value = option.value(environ)
        if isinstance(value, tuple):  # networks print as the operator writes them
            value = [str(part) for part in value]
        shown = ("(set)" if value else "(empty)") if option.secret else repr(value)
        rows.append((option.name, shown))
    return rows



# --- typed groups: what newsdesk code reads -------------------------------------------


@dataclass(frozen=True)
class ServerOptions:
    """What Django's settings are built from (see newsdesk/settings.py)."""

    database_url: str
    data_dir: Path
    secret_key: str
    debug: bool
    allowed_hosts: tuple[str, ...]
    cache_url: str
    https: bool
    log_level: str
    login_failure_limit: int
    login_cooloff_minutes: int


@dataclass(frozen=True)
class SiteOptions:
    name: str
    url: str  # no trailing slash
    page_size: int


@dataclass(frozen=True)
class LLMOptions:
    backend: str  # the name of the backend that writes rewrites
    fallback: str  # the name of the one used when it fails; "" for none
    # Named backends, configured like Django's CACHES: {"name": {"BACKEND": dotted path,
    # "OPTIONS": {...}, "LIMITS": {...}}}; see newsdesk.llm.registry.
    backends: Mapping[str, Mapping[str, Any]]
    summaries: bool  # ask the backend for summaries too


@dataclass(frozen=True)
class RefreshOptions:
    min_seconds: int
    max_seconds: int
    default_seconds: int


@dataclass(frozen=True)
class StoryOptions:
    window_days: int
    similarity: float


@dataclass(frozen=True)
class WorkflowOptions:
    auto_publish: bool
    claim_lease_seconds: int


@dataclass(frozen=True)
class PrerenderOptions:
    enabled: bool
    pages_dir: Path


@dataclass(frozen=True)
class MailOptions:
    """What Django's email settings are built from, and the From of every mail."""

    smtp_url: str  # "" writes mail to files under data_dir/outbox
    email_from: str
    backend: str  # a Django email backend's dotted path replacing SMTP; "" for none
    anymail: Mapping[str, Any]  # django-anymail's ANYMAIL settings


@dataclass(frozen=True)
class BriefingOptions:
    """The daily email briefing (newsdesk/channels/briefing/)."""

    send_time: str  # HH:MM, UTC
    rate: float  # mails a second per worker; 0 for no limit
    max_attempts: int
    confirm_hours: int
    resend_hours: int
    confirms_per_hour: int  # 0 for no limit
    unsubscribe_mailto: str  # "" means the From address


@dataclass(frozen=True)
class ActivityPubOptions:
    """The fediverse channel (newsdesk/channels/activitypub/)."""

    enabled: bool
    username: str
    sections: tuple[str, ...]  # section slugs with their own actor; ("*",) for all
    summary: str  # "" for a line naming the site
    icon_url: str  # "" for the site's icon
    max_body_bytes: int
    signature_max_age: int  # seconds
    max_attempts: int


@dataclass(frozen=True)
class Options:
    """Every option in typed groups, built once per process by ``options()``."""

    values: Mapping[str, Any]  # every option's parsed value by name: what the groups hold
    server: ServerOptions
    site: SiteOptions
    fetch: FetchOptions
    llm: LLMOptions
    refresh: RefreshOptions
    stories: StoryOptions
    workflow: WorkflowOptions
    prerender: PrerenderOptions
    mail: MailOptions
    briefing: BriefingOptions
    activitypub: ActivityPubOptions


def llm_backends(values: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The named LLM backends the options describe: offline always, openai always (it
    answers only when a server does), local when a model file is given."""
    backends: dict[str, dict[str, Any]] = {
        "offline": {"BACKEND": "newsdesk.llm.offline.OfflineBackend", "OPTIONS": {}},
        "openai": {
            "BACKEND": "newsdesk.llm.openai_compat.OpenAICompatBackend",
            "OPTIONS": {
                "base_url": values["NEWSDESK_OPENAI_BASE_URL"],
                "model": values["NEWSDESK_OPENAI_MODEL"],
                "timeout": values["NEWSDESK_OPENAI_TIMEOUT"],
                "api_key_env": values["NEWSDESK_OPENAI_KEY_ENV"],
            },
            # Per process, shared by every worker thread (see newsdesk.llm.limits).
            "LIMITS": {
                "MAX_CONCURRENCY": values["NEWSDESK_OPENAI_MAX_CONCURRENCY"] or None,
                "REQUESTS_PER_MINUTE": values["NEWSDESK_OPENAI_RPM"] or None,
            },
        },
    }
    if values["NEWSDESK_LOCAL_MODEL_PATH"]:
        backends["local"] = {
            "BACKEND": "newsdesk.llm.local.LocalBackend",
            "OPTIONS": {
                "model_path": values["NEWSDESK_LOCAL_MODEL_PATH"],
                "threads": values["NEWSDESK_LOCAL_THREADS"] or None,
            },
            "LIMITS": {"MAX_CONCURRENCY": 1},  # one model in memory computes one reply at a time
        }
    return backends


def build(values: Mapping[str, Any]) -> Options:
    """Typed groups from parsed values keyed by option name (as ``load`` makes them)."""
    v = MappingProxyType(dict(values))
    data_dir = Path(v["NEWSDESK_DATA_DIR"]).resolve()
    pages_dir = v["NEWSDESK_PAGES_DIR"]
    return Options(
        values=v,
        server=ServerOptions(
            database_url=v["DATABASE_URL"], data_dir=data_dir,
            secret_key=v["NEWSDESK_SECRET_KEY"], debug=v["NEWSDESK_DEBUG"],
            allowed_hosts=tuple(v["NEWSDESK_ALLOWED_HOSTS"]), cache_url=v["NEWSDESK_CACHE_URL"],
            https=v["NEWSDESK_HTTPS"], log_level=v["NEWSDESK_LOG_LEVEL"],
            login_failure_limit=v["NEWSDESK_LOGIN_FAILURE_LIMIT"],
            login_cooloff_minutes=v["NEWSDESK_LOGIN_COOLOFF_MINUTES"],
        ),
        site=SiteOptions(name=v["NEWSDESK_SITE_NAME"], url=v["NEWSDESK_SITE_URL"].rstrip("/"),
                         page_size=v["NEWSDESK_PAGE_SIZE"]),
        fetch=FetchOptions(timeout=v["NEWSDESK_FETCH_TIMEOUT"],
                           max_bytes=v["NEWSDESK_FETCH_MAX_BYTES"],
                           allow_networks=tuple(v["NEWSDESK_FETCH_ALLOW_NETWORKS"])),
        llm=LLMOptions(backend=v["NEWSDESK_LLM_BACKEND"], fallback=v["NEWSDESK_LLM_FALLBACK"],
                       backends=llm_backends(v), summaries=v["NEWSDESK_LLM_SUMMARIES"]),
        refresh=RefreshOptions(min_seconds=v["NEWSDESK_REFRESH_MIN_SECONDS"],
                               max_seconds=v["NEWSDESK_REFRESH_MAX_SECONDS"],
                               default_seconds=v["NEWSDESK_REFRESH_DEFAULT_SECONDS"]),
        stories=StoryOptions(window_days=v["NEWSDESK_STORY_WINDOW_DAYS"],
                             similarity=v["NEWSDESK_STORY_SIMILARITY"]),
        workflow=WorkflowOptions(auto_publish=v["NEWSDESK_AUTO_PUBLISH"],
                                 claim_lease_seconds=v["NEWSDESK_CLAIM_LEASE_SECONDS"]),
        prerender=PrerenderOptions(
            enabled=v["NEWSDESK_PRERENDER"],
            pages_dir=(Path(pages_dir) if pages_dir else data_dir / "pages").resolve(),
        ),
        mail=MailOptions(smtp_url=v["NEWSDESK_SMTP_URL"], email_from=v["NEWSDESK_EMAIL_FROM"],
                         backend=v["NEWSDESK_EMAIL_BACKEND"],
                         anymail=MappingProxyType(dict(v["NEWSDESK_ANYMAIL"]))),
        briefing=BriefingOptions(
            send_time=v["NEWSDESK_BRIEFING_TIME"], rate=v["NEWSDESK_BRIEFING_RATE"],
            max_attempts=v["NEWSDESK_BRIEFING_MAX_ATTEMPTS"],
            confirm_hours=v["NEWSDESK_BRIEFING_CONFIRM_HOURS"],
            resend_hours=v["NEWSDESK_BRIEFING_RESEND_HOURS"],
            confirms_per_hour=v["NEWSDESK_BRIEFING_CONFIRMS_PER_HOUR"],
            unsubscribe_mailto=v["NEWSDESK_BRIEFING_UNSUBSCRIBE_MAILTO"],
        ),
        activitypub=ActivityPubOptions(
            enabled=v["NEWSDESK_AP_ENABLED"], username=v["NEWSDESK_AP_USERNAME"],
            sections=tuple(v["NEWSDESK_AP_SECTIONS"]), summary=v["NEWSDESK_AP_SUMMARY"],
            icon_url=v["NEWSDESK_AP_ICON_URL"], max_body_bytes=v["NEWSDESK_AP_MAX_BODY_BYTES"],
            signature_max_age=v["NEWSDESK_AP_SIGNATURE_MAX_AGE"],
            max_attempts=v["NEWSDESK_AP_MAX_ATTEMPTS"],
        ),
    )


def load(environ: Mapping[str, str] | None = None) -> Options:
    """Every option read from ``environ`` (default: the process environment) and typed."""
    return build({option.name: option.value(environ) for option in OPTIONS})


_current: Options | None = None


def options() -> Options:
    """The process's options: read from the environment on first use, then kept."""
    global _current
    if _current is None:
        _current = load()
    return _current


def set_options(new: Options | None) -> Options | None:
    """Replace the process's options (None: read them again on next use); returns the
    ones replaced. For tests and embedders; see tests/support/options.py."""
    global _current
    previous, _current = _current, new
    return previous
