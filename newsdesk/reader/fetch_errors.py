"""How a fetch fails: one exception whose short ``kind`` the ingest service records."""

from __future__ import annotations

from typing import Literal

# Short, stable names the ingest service records per attempt.
FetchErrorKind = Literal[
    "bad_url",  # not http(s), unparseable, or no host
    "refused_address",  # the SSRF policy refused the target (see reader.addresses)
    "timeout",  # connect, read or the overall deadline ran out
    "connect",  # DNS failure, refused connection, reset
    "http_status",  # the server answered 4xx/5xx (``status``, ``retry_after``)
    "redirects",  # more than MAX_REDIRECTS hops
    "too_large",  # the decoded body passed the byte cap
    "decode",  # a Content-Encoding we cannot or would not decode
    "robots",  # robots.txt disallows this page for our User-Agent
]


class FetchError(Exception):
    """A fetch failed; ``kind`` tells callers whether retrying could help.

    ``retry_after`` is the server's Retry-After in seconds (429/503), when it sent one;
    ``bytes_read`` and ``elapsed_ms`` describe the attempt for the source's fetch log.
    """

    def __init__(
        self,
        kind: FetchErrorKind,
        url: str,
        detail: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(f"fetching {url} failed ({kind}): {detail}")
        self.kind: FetchErrorKind = kind
        self.url = url
        self.status = status
        self.detail = detail
        self.retry_after = retry_after
        self.bytes_read = 0
        self.elapsed_ms = 0


def describe(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__
