"""A logging filter that replaces configured secret values with a placeholder.

Secrets are the options ``conf`` marks secret (API keys, the secret key) plus the password
of DATABASE_URL; a library that logs a URL or a request header cannot leak them.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from newsdesk import conf

PLACEHOLDER = "[redacted]"
# Short values would redact ordinary words; a real secret is longer than this.
MIN_SECRET_LENGTH = 6


def configured_secrets(environ: Mapping[str, str] | None = None) -> list[str]:
    """The secret values in effect, longest first so that a secret containing another is
    replaced whole."""
    env = os.environ if environ is None else environ
    found: list[str] = []
    for option in conf.OPTIONS:
        if not option.secret:
            continue
        value = option.value(env)
        if isinstance(value, dict):  # a JSON object of keys (NEWSDESK_ANYMAIL): each alone
            found.extend(str(v) for v in value.values())
        else:
            found.append(str(value))
    for url in (env.get("DATABASE_URL", ""), env.get("NEWSDESK_SMTP_URL", "")):
        password = urlsplit(url).password
        if password:
            found.append(password)
    return sorted({s for s in found if len(s) >= MIN_SECRET_LENGTH}, key=len, reverse=True)


def redact(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, PLACEHOLDER)
    return text


class RedactSecretsFilter(logging.Filter):
    """Formats the record's message once, redacted, so neither the message nor its
    arguments nor a traceback carry a secret to the handler."""

    def __init__(self, name: str = "", secrets: Iterable[str] | None = None) -> None:
        super().__init__(name)
        self.secrets = list(secrets) if secrets is not None else configured_secrets()

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        record.msg = redact(record.getMessage(), self.secrets)
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = redact(
                logging.Formatter().formatException(record.exc_info), self.secrets
            )
            record.exc_info = None
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self.secrets)
        return True
