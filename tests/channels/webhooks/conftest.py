"""Webhook tests POST to real receivers on the loopback range and verify what arrived with
the Standard Webhooks reference library."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.management import call_command
from standardwebhooks.webhooks import Webhook

from tests.loopback import QuietHandler, QuietServer, serving


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    def verified(self, secret: str) -> Any:
        """The JSON body, after the reference library checked its signature."""
        return Webhook(secret).verify(self.body, self.headers)


@dataclass
class Receiver:
    base_url: str
    received: list[Received] = field(default_factory=list)
    # Set when the test ends, so a handler that hangs on purpose lets go.
    release: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str) -> str:
        return self.base_url + path


class _Handler(QuietHandler):
    """/ok answers 204, /fail 500, /busy 429 with Retry-After, /hang never answers,
    /redirect?to=URL 308 to URL."""

    server: _Server

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        receiver = self.server.receiver
        receiver.received.append(Received(self.path, dict(self.headers.items()), body))
        if self.path == "/ok":
            self._send(204, b"")
        elif self.path == "/fail":
            self._send(500, b"database is down")
        elif self.path == "/busy":
            self._send(429, b"", {"Retry-After": "3600"})
        elif self.path == "/hang":
            receiver.release.wait(10)
        elif self.path.startswith("/redirect?to="):
            self._send(308, b"", {"Location": self.path.removeprefix("/redirect?to=")})
        else:
            self._send(404, b"")


class _Server(QuietServer):
    def __init__(self, host: str) -> None:
        super(QuietServer, self).__init__((host, 0), _Handler)
        self.receiver = Receiver(f"http://{host}:{self.server_address[1]}")


@pytest.fixture(scope="module")
def _receivers() -> Iterator[tuple[Receiver, Receiver]]:
    public, private = _Server("127.0.0.1"), _Server("127.0.0.2")
    with serving(public), serving(private):
        yield public.receiver, private.receiver
        public.receiver.release.set()


@pytest.fixture
def receiver(_receivers: tuple[Receiver, Receiver]) -> Receiver:
    """A receiver on 127.0.0.1, the one loopback address the suite opens to newsdesk."""
    _receivers[0].received.clear()
    return _receivers[0]


@pytest.fixture
def private_receiver(_receivers: tuple[Receiver, Receiver]) -> Receiver:
    """A receiver on 127.0.0.2: a private address as far as newsdesk's policy goes."""
    _receivers[1].received.clear()
    return _receivers[1]


def run_tasks() -> None:
    """Run every queued task that is due, in this process, against the test database."""
    call_command("db_worker", batch=True, startup_delay=False, reload=False, queue_name="*",
                 verbosity=0)


def payload(received: Received) -> Any:
    return json.loads(received.body)
