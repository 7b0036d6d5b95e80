"""NEWSDESK_SMTP_URL and NEWSDESK_EMAIL_BACKEND become Django's EMAIL_* settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk import conf
from newsdesk.channels.briefing.mailconfig import FILE_BACKEND, SMTP_BACKEND, email_settings

OUTBOX = Path("/tmp/outbox")


def test_smtps_is_tls_from_the_first_byte_with_its_port() -> None:
    found = email_settings("smtps://news%40site:p%40ss@mail.example.test", "", OUTBOX)
    assert found == {
        "EMAIL_BACKEND": SMTP_BACKEND, "EMAIL_HOST": "mail.example.test", "EMAIL_PORT": 465,
        "EMAIL_HOST_USER": "news@site", "EMAIL_HOST_PASSWORD": "p@ss",
        "EMAIL_USE_TLS": False, "EMAIL_USE_SSL": True, "EMAIL_TIMEOUT": 30.0,
    }


def test_starttls_and_plain_forms() -> None:
    starttls = email_settings("smtp+starttls://u:p@mail.example.test:2587?timeout=5", "",
                              OUTBOX)
    assert (starttls["EMAIL_PORT"], starttls["EMAIL_USE_TLS"], starttls["EMAIL_USE_SSL"],
            starttls["EMAIL_TIMEOUT"]) == (2587, True, False, 5.0)
    plain = email_settings("smtp://127.0.0.1", "", OUTBOX)
    assert (plain["EMAIL_PORT"], plain["EMAIL_USE_TLS"], plain["EMAIL_USE_SSL"],
            plain["EMAIL_HOST_USER"]) == (25, False, False, "")


def test_nothing_configured_keeps_mail_in_files() -> None:
    assert email_settings("", "", OUTBOX) == {"EMAIL_BACKEND": FILE_BACKEND,
                                              "EMAIL_FILE_PATH": str(OUTBOX)}


def test_a_provider_backend_is_one_setting_and_its_key_another() -> None:
    backend = "anymail.backends.postmark.EmailBackend"
    key = conf.BY_NAME["NEWSDESK_ANYMAIL"].value(
        {"NEWSDESK_ANYMAIL": '{"POSTMARK_SERVER_TOKEN": "pm-token"}'})
    assert email_settings("smtps://u:p@ignored.example", backend, OUTBOX, key) == {
        "EMAIL_BACKEND": backend, "ANYMAIL": {"POSTMARK_SERVER_TOKEN": "pm-token"}}
    assert dict(conf.effective({"NEWSDESK_ANYMAIL": '{"A": "b"}'}))["NEWSDESK_ANYMAIL"] \
        == "(set)"
    for bad in ('{"unclosed": ', '["a list"]'):
        with pytest.raises(ValueError, match="NEWSDESK_ANYMAIL: expected a JSON object"):
            conf.BY_NAME["NEWSDESK_ANYMAIL"].value({"NEWSDESK_ANYMAIL": bad})


@pytest.mark.parametrize(("url", "says"), [
    ("http://u:secret-pw@mail.example.test", "scheme must be one of"),
    ("smtps://u:secret-pw@mail.example.test:99999", "port is not a number"),
    ("smtps://u:secret-pw@:465", "no host name"),
])
def test_a_bad_url_is_named_without_its_password(url: str, says: str) -> None:
    with pytest.raises(ValueError, match=says) as caught:
        email_settings(url, "", OUTBOX)
    assert "NEWSDESK_SMTP_URL" in str(caught.value)
    assert "secret-pw" not in str(caught.value)


def test_the_smtp_url_is_a_secret_and_the_time_is_checked() -> None:
    shown = dict(conf.effective({"NEWSDESK_SMTP_URL": "smtps://u:hunter2@mail.example"}))
    assert shown["NEWSDESK_SMTP_URL"] == "(set)"
    assert conf.BY_NAME["NEWSDESK_BRIEFING_TIME"].value({"NEWSDESK_BRIEFING_TIME": "7:05"}) \
        == "07:05"
    for bad in ("25:00", "7", "07:5", "noon"):
        with pytest.raises(ValueError, match="NEWSDESK_BRIEFING_TIME"):
            conf.BY_NAME["NEWSDESK_BRIEFING_TIME"].value({"NEWSDESK_BRIEFING_TIME": bad})


def test_the_mail_password_and_provider_keys_never_reach_a_log_line() -> None:
    from newsdesk.ops.redact import configured_secrets, redact

    secrets = configured_secrets({
        "NEWSDESK_SMTP_URL": "smtps://news:smtp-password-1@mail.example.test",
        "NEWSDESK_ANYMAIL": '{"POSTMARK_SERVER_TOKEN": "pm-token-123456"}',
    })
    line = redact("535 auth failed for smtp-password-1; token pm-token-123456", secrets)
    assert "smtp-password-1" not in line and "pm-token-123456" not in line
