"""Reading an untrusted response body: a deadline per chunk, a socket watchdog for stalls,
and a cap on the decoded size (compression bombs stop at the cap, not at the end)."""

from __future__ import annotations

import contextlib
import socket
import threading
import time

import httpx

from newsdesk.reader.decompress import BodyTooLarge, BoundedDecoder, DecodeError
from newsdesk.reader.fetch_errors import FetchError, describe


def read_body(response: httpx.Response, requested: str, deadline: float, max_bytes: int) -> bytes:
    """Stream the body, stopping at the deadline or once it decodes past ``max_bytes``."""
    encoding = response.headers.get("content-encoding", "")
    declared = response.headers.get("content-length", "")
    if not encoding and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(
            "too_large", requested, f"Content-Length {declared} exceeds {max_bytes} bytes"
        )
    try:
        decoder = BoundedDecoder(encoding, max_bytes)
    except DecodeError as exc:
        raise FetchError("decode", requested, str(exc)) from exc
    body = bytearray()
    received = [0]  # raw bytes off the wire, for the attempt log even when we give up
    try:
        _stream_into(body, received, response, decoder, requested, deadline, max_bytes)
    except FetchError as error:
        error.bytes_read = received[0]
        raise
    return bytes(body)


def _stream_into(
    body: bytearray,
    received: list[int],
    response: httpx.Response,
    decoder: BoundedDecoder,
    requested: str,
    deadline: float,
    max_bytes: int,
) -> None:
    watchdog = _Watchdog(response, deadline)
    try:
        for chunk in response.iter_raw():
            received[0] += len(chunk)
            if received[0] > max_bytes:
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
        raise FetchError("timeout", requested, f"reading body: {describe(exc)}") from exc
    except (httpx.TransportError, OSError) as exc:
        if watchdog.fired or time.monotonic() >= deadline:
            raise FetchError("timeout", requested, "deadline passed while reading body") from exc
        raise FetchError("connect", requested, f"reading body: {describe(exc)}") from exc
    finally:
        watchdog.cancel()


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
