"""Retry-After as seconds, for the fetcher and the LLM client alike."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from newsdesk.utils.retry_after import parse_retry_after


def retry_after_seconds(value: str | None, *, now: float | None = None) -> float | None:
    headers = httpx.Headers({} if value is None else {"Retry-After": value})
    moment = None if now is None else datetime.fromtimestamp(now, UTC)
    return parse_retry_after(headers, now=moment)


def test_retry_after_forms() -> None:
    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds("Thu, 01 Jan 1970 00:02:00 GMT", now=60.0) == 60.0
    assert retry_after_seconds("Thu, 01 Jan 1970 00:00:00 GMT", now=60.0) == 0.0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None
