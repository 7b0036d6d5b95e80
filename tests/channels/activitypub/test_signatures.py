"""The signature module alone: what a Signature header may look like, and that newsdesk's
signing and checking agree on every header set a sender may choose (the peer's tests
show they agree with another implementation too)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from newsdesk.channels.activitypub import signatures as sig

PRIVATE, PUBLIC = sig.generate_key_pair()
NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


def _headers(body: bytes = b"{}") -> dict[str, str]:
    return {"host": "news.example", "date": sig.http_date(NOW), "digest": sig.digest_header(body),
            "content-type": "application/activity+json"}


def test_signed_and_checked_with_any_order_of_headers() -> None:
    headers = _headers()
    for names in (sig.POST_HEADERS, ("host", "date", "digest", "content-type",
                                      "(request-target)")):
        value = sig.sign_request("POST", "/ap/inbox", headers, key_id="k", private_pem=PRIVATE,
                                 names=names)
        params = sig.parse_signature(value)
        assert params.headers == names and params.key_id == "k"
        sig.check_shape(params)
        sig.verify_signature(params, "POST", "/ap/inbox", headers, PUBLIC)
        with pytest.raises(sig.SignatureError):
            sig.verify_signature(params, "POST", "/ap/other", headers, PUBLIC)


def test_hs2019_is_read_as_rsa_sha256() -> None:
    value = sig.sign_request("POST", "/ap/inbox", _headers(), key_id="k", private_pem=PRIVATE)
    params = sig.parse_signature(value.replace("rsa-sha256", "hs2019"))
    sig.verify_signature(params, "POST", "/ap/inbox", _headers(), PUBLIC)


@pytest.mark.parametrize("value", [
    "", "garbage", 'keyId="k"', 'signature="AAAA"',
    'keyId="k",algorithm="hmac-sha256",signature="AAAA"',
    'keyId="k",signature="not base64!"',
])
def test_malformed_signature_headers_are_refused(value: str) -> None:
    with pytest.raises(sig.SignatureError):
        sig.parse_signature(value)


def test_the_date_window_is_both_ways() -> None:
    sig.check_date(sig.http_date(NOW - timedelta(seconds=299)), NOW, 300)
    for off in (timedelta(seconds=301), timedelta(seconds=-301)):
        with pytest.raises(sig.SignatureError):
            sig.check_date(sig.http_date(NOW + off), NOW, 300)
    with pytest.raises(sig.SignatureError):
        sig.check_date("yesterday", NOW, 300)


def test_the_digest_must_be_the_bodys_sha256() -> None:
    sig.check_digest(sig.digest_header(b"abc"), b"abc")
    sig.check_digest(sig.digest_header(b"abc").replace("SHA-256", "sha-256"), b"abc")
    for value in (sig.digest_header(b"abd"), "MD5=abc", "nonsense"):
        with pytest.raises(sig.SignatureError):
            sig.check_digest(value, b"abc")
