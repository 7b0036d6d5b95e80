"""The pre-rendered site on a real loopback socket: the front layer with Django behind it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import httpx
import pytest
from django.core.wsgi import get_wsgi_application
from django.db import connections

from newsdesk.prerender.front import PrerenderedFront


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return


class _ThreadingWSGIServer(WSGIServer):
    daemon_threads = True


@pytest.fixture
def site(_pages_dir: Path, settings) -> Iterator[httpx.Client]:
    """The front layer with Django behind it, on a real socket at 127.0.0.1."""
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
    front = PrerenderedFront(get_wsgi_application(), root=_pages_dir)

    def app(environ, start_response):
        """Each request runs on a thread of its own: close its database connection when
        the response is written, as a server process would at exit."""
        response = front(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            close = getattr(response, "close", None)
            if close is not None:
                close()
            connections.close_all()

    server = make_server("127.0.0.1", 0, app, server_class=_ThreadingWSGIServer,
                         handler_class=_Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{server.server_port}") as client:
            yield client
    finally:
        server.shutdown()
        server.server_close()
