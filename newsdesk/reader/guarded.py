"""An httpx transport that resolves a host once, checks the address, then connects to it.

Checking a host name and letting the HTTP library resolve it again leaves a window
(DNS rebinding: the second answer may be 127.0.0.1). Here the network backend does
the one resolution itself, runs every candidate through the address policy, and
connects to the checked IP; httpcore still sends the original Host header and TLS
server name, because those come from the URL, not from the socket.
"""

from __future__ import annotations

import functools
import socket
import ssl
import threading
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from typing import Any, Final

import httpcore
import httpx

from newsdesk.reader.addresses import AddressRefused, IPNetwork, check_address, odd_ipv4_spelling

# (host, port) -> addresses to try, in order. Tests pass a stub; nothing else should.
Resolver = Callable[[str, int], list[str]]


def system_resolver(host: str, port: int) -> list[str]:
    """Every address getaddrinfo gives for ``host``, in its preferred order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: list[str] = []
    for *_, sockaddr in infos:
        address = str(sockaddr[0])
        if address not in seen:
            seen.append(address)
    return seen


class GuardedBackend(httpcore.SyncBackend):
    """httpcore's socket backend, with the SSRF check between resolving and connecting."""

    def __init__(self, allow: Sequence[IPNetwork], resolver: Resolver) -> None:
        self._allow = tuple(allow)
        self._resolver = resolver

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        literal = odd_ipv4_spelling(host)
        if literal is not None:
            raise AddressRefused(host, literal, "unusual numeric spelling of an IPv4 address")
        try:
            candidates = self._resolver(host.strip("[]"), port)
        except (OSError, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
        if not candidates:
            raise httpcore.ConnectError(f"cannot resolve {host}: no addresses")
        # Every answer must pass: a name that resolves to one public and one private
        # address is refused, so a rebinding server cannot win by ordering.
        checked = [check_address(host, address, self._allow) for address in candidates]
        last_error: Exception | None = None
        for address in checked:
            try:
                stream = super().connect_tcp(
                    str(address), port, timeout, local_address, socket_options
                )
            except httpcore.ConnectError as exc:
                last_error = exc
                continue
            _verify_peer(stream, host, self._allow)
            return stream
        assert last_error is not None
        raise last_error


def _verify_peer(
    stream: httpcore.NetworkStream, host: str, allow: Sequence[IPNetwork]
) -> None:
    """Belt and braces: the socket's peer is the address we checked, so check it too."""
    sock = stream.get_extra_info("socket")
    if not isinstance(sock, socket.socket):
        return
    try:
        peer = str(sock.getpeername()[0])
    except OSError:
        return
    try:
        check_address(host, peer, allow)
    except AddressRefused:
        stream.close()
        raise


@functools.lru_cache(maxsize=1)
def _ssl_context() -> ssl.SSLContext:
    """One verifying context per process: loading the CA bundle costs ~100 ms, far more
    than a loopback fetch, and a context is safe to share between connections."""
    return httpx.create_ssl_context(trust_env=False)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's default transport on the guarded backend; proxies are never used."""

    def __init__(self, allow: Sequence[IPNetwork], resolver: Resolver) -> None:
        super().__init__(verify=_ssl_context(), trust_env=False, retries=0)
        self._pool = httpcore.ConnectionPool(
            ssl_context=_ssl_context(),
            max_connections=10,
            max_keepalive_connections=0,
            retries=0,
            network_backend=GuardedBackend(allow, resolver),
        )


# --- per-host politeness ------------------------------------------------------------

PER_HOST_LIMIT: Final = 2


class _HostSlots:
    """A host's semaphore and how many threads are using it (waiting or holding), so the
    entry can be dropped when the last one leaves: a long-running worker that meets many
    hosts keeps only the ones in use."""

    __slots__ = ("semaphore", "users")

    def __init__(self) -> None:
        self.semaphore = threading.BoundedSemaphore(PER_HOST_LIMIT)
        self.users = 0


_slots: dict[str, _HostSlots] = {}
_slots_lock = threading.Lock()


@contextmanager
def host_slot(host: str, *, timeout: float) -> Any:
    """Hold one of the host's few connection slots, so the threads of one process cannot
    hammer one server (the limit is per process: N worker processes may hold N times as
    many). Raises TimeoutError when no slot frees within ``timeout`` seconds."""
    key = host.lower()
    with _slots_lock:
        slots = _slots.get(key)
        if slots is None:
            slots = _slots[key] = _HostSlots()
        slots.users += 1
    try:
        if not slots.semaphore.acquire(timeout=max(0.0, timeout)):
            raise TimeoutError(f"no free connection slot for {host} within {timeout:.1f}s")
        try:
            yield
        finally:
            slots.semaphore.release()
    finally:
        with _slots_lock:
            slots.users -= 1
            if not slots.users:
                del _slots[key]


__all__ = ["AddressRefused", "GuardedTransport", "Resolver", "host_slot", "system_resolver"]
