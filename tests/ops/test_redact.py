"""No secret reaches a log line: message, arguments and tracebacks are redacted."""

from __future__ import annotations

import io
import logging

from newsdesk.ops.redact import PLACEHOLDER, RedactSecretsFilter, configured_secrets

SECRET = "sk-live-4f9a8b7c6d5e"


def _logger_to(stream: io.StringIO) -> logging.Logger:
    logger = logging.getLogger(f"test.redact.{id(stream)}")
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    handler.addFilter(RedactSecretsFilter(secrets=[SECRET]))
    logger.addHandler(handler)
    logger.propagate = False
    return logger


def test_secret_in_arguments_and_message_is_redacted() -> None:
    out = io.StringIO()
    log = _logger_to(out)
    log.warning("calling with key %s", SECRET)
    log.warning(f"Authorization: Bearer {SECRET}")
    text = out.getvalue()
    assert SECRET not in text
    assert text.count(PLACEHOLDER) == 2
    assert "calling with key" in text


def test_secret_in_a_traceback_is_redacted() -> None:
    out = io.StringIO()
    log = _logger_to(out)
    try:
        raise RuntimeError(f"server refused key {SECRET}")
    except RuntimeError:
        log.exception("LLM call failed")
    text = out.getvalue()
    assert "RuntimeError: server refused key" in text
    assert SECRET not in text


def test_configured_secrets_come_from_secret_options_and_the_database_password() -> None:
    env = {"NEWSDESK_OPENAI_API_KEY": SECRET, "NEWSDESK_SECRET_KEY": "x" * 60,
           "DATABASE_URL": "postgres://newsdesk:pg-pass-123@db.internal:5432/newsdesk"}
    found = configured_secrets(env)
    assert SECRET in found and "x" * 60 in found and "pg-pass-123" in found
    assert found == sorted(found, key=len, reverse=True)


def test_short_values_are_not_treated_as_secrets() -> None:
    assert configured_secrets({"NEWSDESK_OPENAI_API_KEY": "abc"}) == []


def test_the_settings_logging_config_installs_the_filter() -> None:
    handler = logging.getLogger("newsdesk").handlers[0]
    assert any(isinstance(f, RedactSecretsFilter) for f in handler.filters)
