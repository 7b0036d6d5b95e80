"""Every NEWSDESK_* option, declared once: name, type, default, whether secret, and why.

Settings read their values from here; ``newsdesk config`` prints the effective values
with secrets redacted; a test fails when an option is missing from docs/configuration.md.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any


def _bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"expected a boolean (true/false), got {raw!r}")


def _csv(raw: str) -> list[str]:
    return [part.strip() for part in raw.split(",") if part.strip()]


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
    Option("NEWSDESK_FETCH_TIMEOUT", float, "20",
           "Seconds allowed for one feed or page fetch, in all."),
    Option("NEWSDESK_FETCH_MAX_BYTES", int, str(10 * 1024 * 1024),
           "Largest body read from one fetch; longer bodies are cut off with an error."),
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
)

BY_NAME: dict[str, Option] = {option.name: option for option in OPTIONS}


def get(name: str) -> Any:
    """The effective value of one declared option."""
    return BY_NAME[name].value()


def effective(environ: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    """(name, printable value) of every option, secrets redacted."""
    rows = []
    for option in OPTIONS:
        value = option.value(environ)
        shown = ("(set)" if value else "(empty)") if option.secret else repr(value)
        rows.append((option.name, shown))
    return rows
