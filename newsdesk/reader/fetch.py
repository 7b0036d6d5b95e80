"""The one HTTP client every reader uses, so limits and politeness live in one place.

Remote servers are untrusted: they may be slow on purpose, redirect forever, or
send a compression bomb. ``fetch`` bounds all of that (a wall-clock deadline, a
redirect budget, a decoded-size cap) and turns every failure into a ``FetchError``
whose ``kind`` says what went wrong.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from dataclasses import dataclass
from typing import Final, Literal

import httpx

from newsdesk import __version__
from newsdesk.reader.decompress import (
    ACCEPTED_ENCODINGS,
    BodyTooLarge,
    BoundedDecoder,
    DecodeError,
)

FetchErrorKind = Literal[
    "scheme", "url", "timeout", "connection", "http", "redirects", "too_large", "decode"
]

DEFAULT_USER_AGENT: Final = f"newsdesk/{__version__} (self-hosted news platform)"
MAX_REDIRECTS: Final = 5
_ALLOWED_SCHEMES: Final = frozenset({"http", "https"})
_REDIRECT_STATUSES: Final = frozenset({301, 302, 303, 307, 308})
# Connecting should never need long, even when the overall budget is generous.
_MAX_CONNECT_SECONDS: Final = 10.0


class FetchError(Exception):
    """A fetch failed; ``kind`` tells callers whether retrying could help."""

    def __init__(
        self, kind: FetchErrorKind, url: str, detail: str, *, status: int | None = None
    ) -> None:
        super().__init__(f"fetching {url} failed ({kind}): {detail}")
        self.kind: FetchErrorKind = kind
        self.url = url
        self.status = status
        self.detail = detail


@dataclass(frozen=True)
class FetchResult:
    """What came back: the body plus the validators for the next conditional GET."""

    url: str
    final_url: str
    status: int
    content: bytes
    content_type: str
    etag: str | None
    last_modified: str | None
    not_modified: bool
    elapsed_ms: int


def fetch(
    url: str,
    *,
    timeout: float = 20.0,
    max_bytes: int = 10 * 1024 * 1024,
    etag: str | None = None,
    last_modified: str | None = None,
    user_agent: str = DEFAULT_USER_AGENT,
) -> FetchResult:
    """GET ``url`` within ``timeout`` seconds in total, following at most 5 redirects.

    Pass the ``etag``/``last_modified`` of the previous fetch to make the request
    conditional; an unchanged resource comes back with ``not_modified=True`` and an
    empty body.
    """
    started = time.monotonic()
    deadline = started + timeout
    headers = {
        "User-Agent": user_agent,
        "Accept": "*/*",
        "Accept-Encoding": ACCEPTED_ENCODINGS,
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified

    current = _parse_url(url, requested=url)
    # Redirects are followed by hand so every hop gets the scheme check (and, later,
    # the address check) and shares the one deadline.
    with httpx.Client(follow_redirects=False, trust_env=False) as client:
        for hop in range(MAX_REDIRECTS + 1):
            # SSRF: resolve ``current.host`` and refuse private/loopback/link-local
            # addresses here, before connecting (planned as a separate issue).
            response = _send(client, current, headers, deadline, requested=url)
            try:
                if response.status_code in _REDIRECT_STATUSES:
                    location = response.headers.get("location")
                    if not location:
                        raise FetchError(
                            "http",
                            url,
                            f"{current} answered {response.status_code} without a Location",
                            status=response.status_code,
                        )
                    if hop == MAX_REDIRECTS:
                        raise FetchError("redirects", url, f"more than {MAX_REDIRECTS} redirects")
                    current = _parse_url(_join(current, location, url), requested=url)
                    continue
                return _finish(
                    response, url, str(current), etag, last_modified, deadline, max_bytes, started
                )
            finally:
                response.close()
    raise AssertionError("unreachable: the redirect loop always returns or raises")


def _parse_url(raw: str, *, requested: str) -> httpx.URL:
    try:
        parsed = httpx.URL(raw)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise FetchError("url", requested, f"invalid URL {raw!r}: {exc}") from exc
    if parsed.scheme not in _ALLOWED_SCHEMES:
        raise FetchError("scheme", requested, f"only http and https are allowed, not {raw!r}")
    if not parsed.host:
        raise FetchError("url", requested, f"URL {raw!r} has no host")
    return parsed


def _join(base: httpx.URL, location: str, requested: str) -> str:
    try:
        return str(base.join(location))
    except (httpx.InvalidURL, ValueError) as exc:
        raise FetchError("url", requested, f"bad redirect Location {location!r}") from exc


def _remaining(deadline: float, requested: str) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError("timeout", requested, "deadline passed")
    return left


def _send(
    client: httpx.Client,
    url: httpx.URL,
    headers: dict[str, str],
    deadline: float,
    *,
    requested: str,
) -> httpx.Response:
    """Send one request whose every phase fits in what is left of the deadline."""
    left = _remaining(deadline, requested)
    timeouts = httpx.Timeout(left, connect=min(left, _MAX_CONNECT_SECONDS))
    request = client.build_request("GET", url, headers=headers, timeout=timeouts)
    try:
        return client.send(request, stream=True)
    except httpx.TimeoutException as exc:
        raise FetchError("timeout", requested, f"{url}: {_describe(exc)}") from exc
    except httpx.UnsupportedProtocol as exc:
        raise FetchError("scheme", requested, f"{url}: {_describe(exc)}") from exc
    except httpx.InvalidURL as exc:
        raise FetchError("url", requested, f"{url}: {_describe(exc)}") from exc
    except (httpx.TransportError, OSError) as exc:
        if time.monotonic() >= deadline:
            raise FetchError("timeout", requested, f"{url}: deadline passed") from exc
        raise FetchError("connection", requested, f"{url}: {_describe(exc)}") from exc


def _finish(
    response: httpx.Response,
    requested: str,
    final_url: str,
    sent_etag: str | None,
    sent_last_modified: str | None,
    deadline: float,
    max_bytes: int,
    started: float,
) -> FetchResult:
    """Turn the last response of the chain into a result, or into the right error."""
    status = response.status_code
    new_etag = response.headers.get("etag")
    new_last_modified = response.headers.get("last-modified")
    if status == 304:
        content = b""
        not_modified = True
        new_etag = new_etag or sent_etag
        new_last_modified = new_last_modified or sent_last_modified
    elif status >= 400:
        raise FetchError(
            "http",
            requested,
            f"{final_url} answered {status} {response.reason_phrase}",
            status=status,
        )
    else:
        content = _read_body(response, requested, deadline, max_bytes)
        not_modified = False
    return FetchResult(
        url=requested,
        final_url=final_url,
        status=status,
        content=content,
        content_type=response.headers.get("content-type", ""),
        etag=new_etag,
        last_modified=new_last_modified,
        not_modified=not_modified,
        elapsed_ms=round((time.monotonic() - started) * 1000),
    )


def _read_body(response: httpx.Response, requested: str, deadline: float, max_bytes: int) -> bytes:
    """Stream the body, stopping at the deadline or once it decodes past ``max_bytes``."""
    encoding = response.headers.get("content-encoding", "")
    declared = response.headers.get("content-length", "")
    if not encoding and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(
            "too_large", requested, f"Content-Length {declared} exceeds {max_bytes} bytes"
        )
    decoder = BoundedDecoder(encoding, max_bytes)
    body = bytearray()
    raw_seen = 0
    watchdog = _Watchdog(response, deadline)
    try:
        for chunk in response.iter_raw():
            raw_seen += len(chunk)
            if raw_seen > max_bytes:
                raise BodyTooLarge(f"body exceeds {max_bytes} bytes")
            body += decoder.feed(chunk)
            # A slow drip never trips the read timeout, so check the clock per chunk.
            if time.monotonic() >= deadline:
                raise FetchError("timeout", requested, "deadline passed while reading body")
        body += decoder.flush()
    except BodyTooLarge as exc:
        raise FetchError("too_large", requested, str(exc)) from exc
    except DecodeError as exc:
        raise FetchError("decode", requested, str(exc)) from exc
    except httpx.TimeoutException as exc:
        raise FetchError("timeout", requested, f"reading body: {_describe(exc)}") from exc
    except (httpx.TransportError, OSError) as exc:
        if watchdog.fired or time.monotonic() >= deadline:
            raise FetchError("timeout", requested, "deadline passed while reading body") from exc
        raise FetchError("connection", requested, f"reading body: {_describe(exc)}") from exc
    finally:
        watchdog.cancel()
    return bytes(body)


class _Watchdog:
    """Shut the socket down at the deadline, so a server that stalls mid-body cannot
    hold us for a further full read timeout."""

    def __init__(self, response: httpx.Response, deadline: float) -> None:
        self.fired = False
        self._socket: socket.socket | None = None
        stream = response.extensions.get("network_stream")
        if stream is not None:
            candidate = stream.get_extra_info("socket")
            if isinstance(candidate, socket.socket):
                self._socket = candidate
        self._timer = threading.Timer(max(0.0, deadline - time.monotonic()), self._fire)
        self._timer.daemon = True
        if self._socket is not None:
            self._timer.start()

    def _fire(self) -> None:
        self.fired = True
        if self._socket is None:
            return
        # The base-class shutdown also works on TLS sockets without touching
        # the SSL object that the reading thread is using.
        with contextlib.suppress(OSError):
            socket.socket.shutdown(self._socket, socket.SHUT_RDWR)

    def cancel(self) -> None:
        self._timer.cancel()


def _describe(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__
