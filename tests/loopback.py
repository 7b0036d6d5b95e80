"""Real HTTP servers on 127.0.0.1 for tests that fetch over a socket: one with fixed
routes (`loopback_server`), and the quiet base classes the misbehaving servers of the
reader's tests build on."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TypeVar


@dataclass
class Route:
    body: bytes
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: str = ""
    # False: no Content-Length; the body simply ends when the connection closes (HTTP/1.0).
    declare_length: bool = True


@dataclass
class Loopback:
    base_url: str
    routes: dict[str, Route]
    hits: list[tuple[str, dict[str, str]]]

    def url(self, path: str) -> str:
        return self.base_url + path


@contextmanager
def loopback_server(routes: dict[str, Route]) -> Iterator[Loopback]:
    """Serve ``routes`` until the block ends; answers 304 when a route's ETag matches."""
    hits: list[tuple[str, dict[str, str]]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append((self.path, dict(self.headers.items())))
            route = routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(route.status)
            for name, value in route.headers.items():
                self.send_header(name, value)
            if route.etag:
                self.send_header("ETag", route.etag)
            if route.declare_length:
                self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            self.wfile.write(route.body)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Loopback(f"http://127.0.0.1:{server.server_address[1]}", routes, hits)
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(BaseHTTPRequestHandler):
    """An HTTP/1.1 handler with no access log, whose writes survive a client hanging up
    (which fetch caps and deadlines do on purpose)."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        return

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self._write(body)

    def _write(self, data: bytes) -> bool:
        """Write and flush; False once the client has gone."""
        try:
            self.wfile.write(data)
            self.wfile.flush()
        except OSError:
            return False
        return True


class QuietServer(ThreadingHTTPServer):
    """Serves on 127.0.0.1 (a free port), one thread per connection; a handler that
    sleeps never holds up shutdown, and clients hanging up are not errors."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(("127.0.0.1", 0), handler)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request: object, client_address: object) -> None:
        return


_Serving = TypeVar("_Serving", bound=QuietServer)


@contextmanager
def serving(server: _Serving) -> Iterator[_Serving]:
    """Run ``server`` in a thread until the block ends."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
