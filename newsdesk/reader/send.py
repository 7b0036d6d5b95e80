"""The one outgoing POST newsdesk makes (webhooks, WebSub pings, fediverse deliveries),
held to the fetcher's address policy.

Whoever adds a webhook or a fediverse follower chooses where newsdesk sends, so a POST
is as much an SSRF risk as a feed URL: it goes through the same guarded transport as
``fetch`` (one DNS resolution, every answer checked, private / loopback / link-local
refused unless ``options.allow_networks`` opens them). It differs from ``fetch`` in
what a caller needs back:

- **Redirects are never followed.** A 3xx is the receiver's answer, returned as a result
  the caller records as a failure (``SendResult.problem``). Replaying a POST to a
  ``Location`` a remote server picked would let it steer newsdesk at any address, and
  a body sent once must not be sent twice to somewhere else.
- **Any status is a result**, 4xx and 5xx included: a delivery log wants the status, a
  little of the body and the time it took, not an exception. ``SendError`` is raised
  only when there was no answer (bad URL, refused address, no connection, timeout).
- **The response body is capped, not refused**: it is read only for the log, so a
  longer one is cut at ``max_response_bytes`` and marked ``truncated``.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Final, Literal

import httpx

from newsdesk.reader.addresses import AddressRefused
from newsdesk.reader.decompress import BodyTooLarge, BoundedDecoder, DecodeError
from newsdesk.reader.fetch import DEFAULT_USER_AGENT
from newsdesk.reader.fetch_errors import describe
from newsdesk.reader.fetch_options import FetchOptions
from newsdesk.reader.guarded import GuardedTransport, Resolver, host_slot, system_resolver
from newsdesk.utils.retry_after import parse_retry_after

__all__ = ["DEFAULT_RESPONSE_BYTES", "SendError", "SendErrorKind", "SendResult", "post"]

# Enough of a receiver's answer to see why it refused; nobody reads more of it.
DEFAULT_RESPONSE_BYTES: Final = 16 * 1024
_ALLOWED_SCHEMES: Final = frozenset({"http", "https"})
_REDIRECT_STATUSES: Final = frozenset({301, 302, 303, 307, 308})
_RETRY_AFTER_STATUSES: Final = frozenset({429, 503})
_MAX_CONNECT_SECONDS: Final = 10.0

SendErrorKind = Literal[
    "bad_url",  # not http(s), unparseable, or no host
    "refused_address",  # the SSRF policy refused the target (see reader.addresses)
    "timeout",  # connecting, sending or waiting for the status line ran out of time
    "connect",  # DNS failure, refused connection, reset before an answer
]


class SendError(Exception):
    """A POST got no answer; ``kind`` says why, ``elapsed_ms`` how long it tried."""

    def __init__(self, kind: SendErrorKind, url: str, detail: str) -> None:
        super().__init__(f"sending to {url} failed ({kind}): {detail}")
        self.kind: SendErrorKind = kind
        self.url = url
        self.detail = detail
        self.elapsed_ms = 0


@dataclass(frozen=True)
class SendResult:
    """The receiver's answer, whatever its status."""

    url: str
    status: int
    reason: str
    headers: Mapping[str, str]  # lower-case names
    body: bytes  # at most max_response_bytes of it
    truncated: bool  # the body was longer (or stopped early) and was cut
    elapsed_ms: int
    retry_after: float | None  # seconds, from a 429 / 503's Retry-After

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def location(self) -> str | None:
        """Where a 3xx pointed (never followed)."""
        if self.status in _REDIRECT_STATUSES:
            return self.headers.get("location")
        return None

    @property
    def problem(self) -> str | None:
        """Why this answer is not a delivery, in words for a log; None for a 2xx."""
        if self.ok:
            return None
        if self.status in _REDIRECT_STATUSES:
            return (f"answered {self.status} redirecting to {self.location or '(no Location)'}; "
                    "a POST is never redirected")
        wait = f" (Retry-After {self.retry_after:.0f}s)" if self.retry_after is not None else ""
        return f"answered {self.status} {self.reason}{wait}".rstrip()


def post(
    url: str,
    body: bytes,
    headers: Mapping[str, str],
    options: FetchOptions,
    *,
    user_agent: str = DEFAULT_USER_AGENT,
    max_response_bytes: int = DEFAULT_RESPONSE_BYTES,
    connect_timeout: float = _MAX_CONNECT_SECONDS,
    resolver: Resolver | None = None,
) -> SendResult:
    """POST ``body`` with ``headers`` to ``url`` within ``options.timeout`` seconds in all.

    The address actually connected to must pass the fetcher's policy
    (``options.allow_networks``); a redirect is returned, not followed. Raises
    ``SendError`` only when no answer came.
    """
    started = time.monotonic()
    try:
        return _post(url, body, headers, options, user_agent, max_response_bytes,
                     connect_timeout, resolver or system_resolver, started)
    except SendError as error:
        error.elapsed_ms = _ms_since(started)
        raise


def _post(
    url: str,
    body: bytes,
    headers: Mapping[str, str],
    options: FetchOptions,
    user_agent: str,
    max_response_bytes: int,
    connect_timeout: float,
    resolver: Resolver,
    started: float,
) -> SendResult:
    deadline = started + options.timeout
    target = _parse_url(url)
    sent_headers = {"User-Agent": user_agent, "Accept-Encoding": "identity", **headers}
    transport = GuardedTransport(options.allow_networks, resolver)
    with (
        httpx.Client(transport=transport, follow_redirects=False, trust_env=False) as client,
        _slot(target.host, deadline, url),
    ):
        left = _remaining(deadline, url)
        timeouts = httpx.Timeout(left, connect=min(left, connect_timeout), pool=left)
        request = client.build_request(
            "POST", target, content=body, headers=sent_headers, timeout=timeouts)
        response = _send(client, request, url, deadline)
        try:
            content, truncated = _read_capped(response, deadline, max_response_bytes)
        finally:
            response.close()
    status = response.status_code
    return SendResult(
        url=url,
        status=status,
        reason=response.reason_phrase,
        headers={name.lower(): value for name, value in response.headers.items()},
        body=content,
        truncated=truncated,
        elapsed_ms=_ms_since(started),
        retry_after=(parse_retry_after(response.headers)
                     if status in _RETRY_AFTER_STATUSES else None),
    )


def _parse_url(raw: str) -> httpx.URL:
    try:
        parsed = httpx.URL(raw)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise SendError("bad_url", raw, f"invalid URL {raw!r}: {exc}") from exc
    if parsed.scheme not in _ALLOWED_SCHEMES:
        raise SendError("bad_url", raw, f"only http and https are allowed, not {raw!r}")
    if not parsed.host:
        raise SendError("bad_url", raw, f"URL {raw!r} has no host")
    return parsed


def _remaining(deadline: float, url: str) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise SendError("timeout", url, "deadline passed")
    return left


def _send(client: httpx.Client, request: httpx.Request, url: str,
          deadline: float) -> httpx.Response:
    try:
        return client.send(request, stream=True)
    except AddressRefused as exc:
        raise SendError("refused_address", url, str(exc)) from exc
    except httpx.TimeoutException as exc:
        raise SendError("timeout", url, describe(exc)) from exc
    except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
        raise SendError("bad_url", url, describe(exc)) from exc
    except (httpx.TransportError, OSError) as exc:
        if time.monotonic() >= deadline:
            raise SendError("timeout", url, "deadline passed") from exc
        raise SendError("connect", url, describe(exc)) from exc


def _read_capped(response: httpx.Response, deadline: float, cap: int) -> tuple[bytes, bool]:
    """At most ``cap`` decoded bytes of the body, and whether it was cut short.

    The status line has arrived, so the receiver has answered: a body that is too long,
    stalls past the deadline or breaks off only shortens what the log shows.
    """
    encoding = response.headers.get("content-encoding", "").strip().lower()
    try:
        decoder = BoundedDecoder(encoding, cap) if encoding not in ("", "identity") else None
    except DecodeError:
        decoder = None  # a coding we never asked for: keep the bytes as they came
    body = bytearray()
    try:
        for chunk in response.iter_raw():
            if decoder is not None:
                body += decoder.feed(chunk)
            else:
                kept = chunk[: cap - len(body)]
                body += kept
                if len(kept) < len(chunk):
                    return bytes(body), True
            if time.monotonic() >= deadline:
                return bytes(body), True
        if decoder is not None:
            body += decoder.flush()
    except (BodyTooLarge, DecodeError, httpx.TransportError, OSError):
        return bytes(body), True
    return bytes(body), False


@contextlib.contextmanager
def _slot(host: str, deadline: float, url: str) -> Iterator[None]:
    """One of the host's few connection slots, shared with the fetcher's politeness."""
    try:
        with host_slot(host, timeout=deadline - time.monotonic()):
            yield
    except TimeoutError as exc:
        raise SendError("timeout", url, str(exc)) from exc


def _ms_since(started: float) -> int:
    return round((time.monotonic() - started) * 1000)
