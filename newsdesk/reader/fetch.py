"""The one HTTP client every reader uses, so limits and politeness live in one place.

Remote servers are untrusted: they may be slow on purpose, redirect forever, or
send a compression bomb. ``fetch`` bounds all of that (a wall-clock deadline, a
redirect budget, a decoded-size cap) and turns every failure into a ``FetchError``
whose ``kind`` says what went wrong.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

import httpx

from newsdesk import __version__
from newsdesk.reader.addresses import AddressRefused, IPNetwork
from newsdesk.reader.body import read_body
from newsdesk.reader.decompress import ACCEPTED_ENCODINGS

# FetchError is re-exported: callers catch it as newsdesk.reader.fetch.FetchError.
from newsdesk.reader.fetch_errors import FetchError as FetchError
from newsdesk.reader.fetch_errors import describe
from newsdesk.reader.fetch_options import FetchOptions
from newsdesk.reader.guarded import GuardedTransport, Resolver, host_slot, system_resolver
from newsdesk.utils.retry_after import parse_retry_after

DEFAULT_USER_AGENT: Final = f"newsdesk/{__version__} (self-hosted news platform)"
MAX_REDIRECTS: Final = 5
_ALLOWED_SCHEMES: Final = frozenset({"http", "https"})
_REDIRECT_STATUSES: Final = frozenset({301, 302, 303, 307, 308})
_RETRY_AFTER_STATUSES: Final = frozenset({429, 503})
# Connecting should never need long, even when the overall budget is generous.
_MAX_CONNECT_SECONDS: Final = 10.0
# One silent gap this long between body chunks is a stall, whatever the deadline says.
_DEFAULT_READ_SECONDS: Final = 15.0


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

    @property
    def bytes_read(self) -> int:
        return len(self.content)


def fetch(
    url: str,
    options: FetchOptions,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    user_agent: str = DEFAULT_USER_AGENT,
    accept: str = "*/*",
    connect_timeout: float = _MAX_CONNECT_SECONDS,
    read_timeout: float = _DEFAULT_READ_SECONDS,
    resolver: Resolver | None = None,
) -> FetchResult:
    """GET ``url`` within ``options.timeout`` seconds in total, following at most 5
    redirects and reading at most ``options.max_bytes``.

    Pass the ``etag``/``last_modified`` of the previous fetch to make the request
    conditional; an unchanged resource comes back with ``not_modified=True`` and an
    empty body. ``options.allow_networks`` lists the private networks the operator
    opened; every other non-public address is refused on the address actually
    connected to, at every hop. ``accept`` is the Accept header: a server that answers
    one URL in several forms (an ActivityPub actor and its HTML page) chooses by it.
    """
    started = time.monotonic()
    try:
        return _fetch(
            url,
            started=started,
            timeout=options.timeout,
            max_bytes=options.max_bytes,
            etag=etag,
            last_modified=last_modified,
            user_agent=user_agent,
            accept=accept,
            allow=options.allow_networks,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            resolver=resolver or system_resolver,
        )
    except FetchError as error:
        error.elapsed_ms = round((time.monotonic() - started) * 1000)
        raise


def _fetch(
    url: str,
    *,
    started: float,
    timeout: float,
    max_bytes: int,
    etag: str | None,
    last_modified: str | None,
    user_agent: str,
    accept: str,
    allow: tuple[IPNetwork, ...],
    connect_timeout: float,
    read_timeout: float,
    resolver: Resolver,
) -> FetchResult:
    deadline = started + timeout
    headers = {
        "User-Agent": user_agent,
        "Accept": accept,
        "Accept-Encoding": ACCEPTED_ENCODINGS,
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified

    current = _parse_url(url, requested=url)
    limits = _Limits(deadline, connect_timeout, read_timeout)
    # Redirects are followed by hand so every hop gets the scheme check and shares the
    # one deadline; the guarded transport checks each hop's address as it connects.
    transport = GuardedTransport(allow, resolver)
    with httpx.Client(transport=transport, follow_redirects=False, trust_env=False) as client:
        for hop in range(MAX_REDIRECTS + 1):
            with _slot(current, deadline, url):
                response = _send(client, current, headers, limits, requested=url)
                try:
                    if response.status_code in _REDIRECT_STATUSES:
                        location = response.headers.get("location")
                        if not location:
                            raise FetchError(
                                "http_status",
                                url,
                                f"{current} answered {response.status_code} without a Location",
                                status=response.status_code,
                            )
                        if hop == MAX_REDIRECTS:
                            raise FetchError(
                                "redirects", url, f"more than {MAX_REDIRECTS} redirects"
                            )
                        current = _parse_url(_join(current, location, url), requested=url)
                        continue
                    return _finish(
                        response, url, str(current), etag, last_modified, limits, max_bytes,
                        started,
                    )
                finally:
                    response.close()
    raise AssertionError("unreachable: the redirect loop always returns or raises")


@dataclass(frozen=True)
class _Limits:
    deadline: float
    connect: float
    read: float


@contextlib.contextmanager
def _slot(url: httpx.URL, deadline: float, requested: str) -> Iterator[None]:
    try:
        with host_slot(url.host, timeout=deadline - time.monotonic()):
            yield
    except TimeoutError as exc:
        raise FetchError("timeout", requested, str(exc)) from exc


def _parse_url(raw: str, *, requested: str) -> httpx.URL:
    try:
        parsed = httpx.URL(raw)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise FetchError("bad_url", requested, f"invalid URL {raw!r}: {exc}") from exc
    if parsed.scheme not in _ALLOWED_SCHEMES:
        raise FetchError("bad_url", requested, f"only http and https are allowed, not {raw!r}")
    if not parsed.host:
        raise FetchError("bad_url", requested, f"URL {raw!r} has no host")
    return parsed


def _join(base: httpx.URL, location: str, requested: str) -> str:
    try:
        return str(base.join(location))
    except (httpx.InvalidURL, ValueError) as exc:
        raise FetchError("bad_url", requested, f"bad redirect Location {location!r}") from exc


def _remaining(deadline: float, requested: str) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError("timeout", requested, "deadline passed")
    return left


def _send(
    client: httpx.Client,
    url: httpx.URL,
    headers: dict[str, str],
    limits: _Limits,
    *,
    requested: str,
) -> httpx.Response:
    """Send one request whose every phase fits in what is left of the deadline."""
    left = _remaining(limits.deadline, requested)
    timeouts = httpx.Timeout(
        min(left, limits.read), connect=min(left, limits.connect), pool=left
    )
    request = client.build_request("GET", url, headers=headers, timeout=timeouts)
    try:
        return client.send(request, stream=True)
    except AddressRefused as exc:
        raise FetchError("refused_address", requested, f"{url}: {exc}") from exc
    except httpx.TimeoutException as exc:
        raise FetchError("timeout", requested, f"{url}: {describe(exc)}") from exc
    except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
        raise FetchError("bad_url", requested, f"{url}: {describe(exc)}") from exc
    except (httpx.TransportError, OSError) as exc:
        if time.monotonic() >= limits.deadline:
            raise FetchError("timeout", requested, f"{url}: deadline passed") from exc
        raise FetchError("connect", requested, f"{url}: {describe(exc)}") from exc


def _finish(
    response: httpx.Response,
    requested: str,
    final_url: str,
    sent_etag: str | None,
    sent_last_modified: str | None,
    limits: _Limits,
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
        retry_after = (
            parse_retry_after(response.headers)
            if status in _RETRY_AFTER_STATUSES
            else None
        )
        wait = f" (Retry-After {retry_after:.0f}s)" if retry_after is not None else ""
        raise FetchError(
            "http_status",
            requested,
            f"{final_url} answered {status} {response.reason_phrase}{wait}",
            status=status,
            retry_after=retry_after,
        )
    else:
        content = read_body(response, requested, limits.deadline, max_bytes)
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
