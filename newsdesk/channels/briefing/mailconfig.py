"""Django's email settings from two options: NEWSDESK_SMTP_URL and NEWSDESK_EMAIL_BACKEND.

Read by ``newsdesk.settings`` only; the rest of the code sends through Django's email
framework and never sees the URL. A provider backend (django-anymail) replaces the SMTP one
with a single setting, so nothing else changes when an operator moves to an API provider.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"

# scheme → (default port, STARTTLS, TLS from the first byte)
SCHEMES = {
    "smtp": (25, False, False),
    "smtp+starttls": (587, True, False),
    "smtps": (465, False, True),
}


def email_settings(smtp_url: str, backend: str, outbox: Path,
                   anymail: dict[str, Any] | None = None) -> dict[str, Any]:
    """The EMAIL_* settings for these options (and ANYMAIL, read by django-anymail's
    backends). A bad URL raises ValueError naming the option, without repeating the URL
    (it may hold a password)."""
    if backend:
        return {"EMAIL_BACKEND": backend, "ANYMAIL": dict(anymail or {})}
    if not smtp_url:
        # Nothing configured: mail is kept on disk, where the demo's reader can open it.
        return {"EMAIL_BACKEND": FILE_BACKEND, "EMAIL_FILE_PATH": str(outbox)}
    parts = urlsplit(smtp_url)
    if parts.scheme not in SCHEMES:
        raise ValueError(
            f"NEWSDESK_SMTP_URL: the scheme must be one of {', '.join(sorted(SCHEMES))}, "
            f"not {parts.scheme or '(none)'!r}")
    try:
        port = parts.port
    except ValueError as exc:
        raise ValueError("NEWSDESK_SMTP_URL: the port is not a number from 1 to 65535") from exc
    if not parts.hostname:
        raise ValueError("NEWSDESK_SMTP_URL: no host name, e.g. smtps://user:pass@mail.example")
    default_port, starttls, implicit_tls = SCHEMES[parts.scheme]
    query = parse_qs(parts.query)
    timeout = float(query.get("timeout", ["30"])[0])
    return {
        "EMAIL_BACKEND": SMTP_BACKEND,
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port or default_port,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": starttls,
        "EMAIL_USE_SSL": implicit_tls,
        "EMAIL_TIMEOUT": timeout,
    }
