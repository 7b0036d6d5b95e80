"""A misbehaving HTTP server on 127.0.0.1 for the fetcher's tests.

Every route models one way a real feed host goes wrong. The server binds port 0 on
the loopback address only, and every handler finishes on its own within seconds.
"""

from __future__ import annotations

import gzip
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest

from tests.loopback import QuietHandler, QuietServer, serving

FEED_BODY = (
    b'<?xml version="1.0" encoding="utf-8"?>\n'
    b'<rss version="2.0"><channel><title>Harbour Gazette</title>'
    b"<link>http://127.0.0.1/</link><description>Local news</description>"
    b"<item><title>Ferry timetable changes</title><link>http://127.0.0.1/ferry</link>"
    b"<guid>ferry-1</guid><description>The morning ferry leaves ten minutes earlier."
    b"</description></item></channel></rss>"
)
FEED_ETAG = '"harbour-v1"'
FEED_LAST_MODIFIED = "Tue, 04 Mar 2025 08:00:00 GMT"
BIG_BODY_SIZE = 256 * 1024
BOMB_DECODED_SIZE = 64 * 1024 * 1024


def _gzip_bomb() -> bytes:
    """64 MiB of zeros, gzipped to well under 100 KiB."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1024 * 1024)
    parts = [compressor.compress(block) for _ in range(BOMB_DECODED_SIZE // len(block))]
    parts.append(compressor.flush())
    return b"".join(parts)


@dataclass
class MisbehavingServer:
    base_url: str
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base_url + path


class _Handler(QuietHandler):
    server: _Server

    def do_GET(self) -> None:
        self.server.record(self.path, dict(self.headers.items()))
        path = self.path.split("?", 1)[0]
        if path.startswith("/hop/"):
            self._hop(int(path.removeprefix("/hop/")))
            return
        route: Callable[[], None] | None = {
            "/feed": self._feed,
            "/gzip-feed": self._gzip_feed,
            "/status/500": lambda: self._status(500),
            "/status/404": lambda: self._status(404),
            "/slow-drip": self._slow_drip,
            "/stall": self._stall,
            "/big": self._big,
            "/big-no-length": self._big_no_length,
            "/bomb": self._bomb,
            "/to-ftp": self._to_ftp,
            "/no-location": lambda: self._send(302, b""),
        }.get(path)
        if route is None:
            self._status(404)
        else:
            route()

    def _feed(self) -> None:
        if self.headers.get("If-None-Match") == FEED_ETAG:
            self.send_response(304)
            self.send_header("ETag", FEED_ETAG)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self._send(
            200,
            FEED_BODY,
            {
                "Content-Type": "application/rss+xml; charset=utf-8",
                "ETag": FEED_ETAG,
                "Last-Modified": FEED_LAST_MODIFIED,
            },
        )

    def _gzip_feed(self) -> None:
        self._send(
            200,
            gzip.compress(FEED_BODY),
            {"Content-Type": "application/rss+xml", "Content-Encoding": "gzip"},
        )

    def _status(self, status: int) -> None:
        self._send(status, f"status {status}".encode(), {"Content-Type": "text/plain"})

    def _hop(self, remaining: int) -> None:
        if remaining <= 0:
            self._send(200, b"end of the chain", {"Content-Type": "text/plain"})
        else:
            self._send(302, b"", {"Location": f"/hop/{remaining - 1}"})

    def _to_ftp(self) -> None:
        self._send(301, b"", {"Location": "ftp://127.0.0.1/feed.xml"})

    def _slow_drip(self) -> None:
        """One byte every 0.1 s for up to 5 s: never idle long enough for a read timeout."""
        self.send_response(200)
        self.send_header("Content-Length", "50")
        self.end_headers()
        for _ in range(50):
            if not self._write(b"x"):
                return
            time.sleep(0.1)

    def _stall(self) -> None:
        """Drip briskly for 0.6 s, then go silent for 4 s with the body unfinished."""
        self.send_response(200)
        self.send_header("Content-Length", "100")
        self.end_headers()
        for _ in range(6):
            if not self._write(b"y"):
                return
            time.sleep(0.1)
        time.sleep(4)

    def _big(self) -> None:
        self._send(200, b"z" * BIG_BODY_SIZE, {"Content-Type": "text/plain"})

    def _big_no_length(self) -> None:
        """A body with no Content-Length: only counting while streaming catches it."""
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        for _ in range(BIG_BODY_SIZE // 4096):
            if not self._write(b"z" * 4096):
                return

    def _bomb(self) -> None:
        self._send(
            200,
            self.server.bomb,
            {"Content-Type": "application/rss+xml", "Content-Encoding": "gzip"},
        )


class _Server(QuietServer):
    def __init__(self) -> None:
        super().__init__(_Handler)
        self.bomb = _gzip_bomb()
        self.log: list[tuple[str, dict[str, str]]] = []
        self._lock = threading.Lock()

    def record(self, path: str, headers: dict[str, str]) -> None:
        with self._lock:
            self.log.append((path, headers))


@pytest.fixture(scope="session")
def http_server() -> Iterator[MisbehavingServer]:
    server = _Server()
    with serving(server):
        yield MisbehavingServer(server.base_url, server.log)
