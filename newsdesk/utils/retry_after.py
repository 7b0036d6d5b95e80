"""Retry-After, read once for every HTTP client newsdesk has (the fetcher, the LLM client)."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

__all__ = ["parse_retry_after"]


def parse_retry_after(headers: httpx.Headers, *, now: datetime | None = None) -> float | None:
    """Retry-After as seconds: either a number or an HTTP date; None when absent or junk
    (a server's "inf" or "nan" too: callers turn the wait into an int or a sleep)."""
    value = headers.get("retry-after", "").strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if math.isfinite(seconds) else None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
