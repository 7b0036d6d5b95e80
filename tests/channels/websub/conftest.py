"""WebSub tests talk to real servers on 127.0.0.1: a feed that names a hub, and a hub that
records what it is asked (and answers as a test tells it to)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qs

import pytest
from django.core.management import call_command

from tests.loopback import QuietHandler, QuietServer, serving


@dataclass
class Hub:
    """A hub that only records: it never verifies or pushes (the tests do that part, or
    tests/channels/websub/test_two_instances.py uses a real hub)."""

    url: str
    requests: list[dict[str, str]] = field(default_factory=list)
    status: int = 202
    answer: bytes = b""
    lock: threading.Lock = field(default_factory=threading.Lock)


class _HubHandler(QuietHandler):
    server: _HubServer

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        hub = self.server.hub
        with hub.lock:
            hub.requests.append({k: v[0] for k, v in parse_qs(body).items()})
        self._send(hub.status, hub.answer)


class _HubServer(QuietServer):
    def __init__(self) -> None:
        super().__init__(_HubHandler)
        self.hub = Hub(self.base_url + "/hub")


@pytest.fixture(scope="module")
def _hub_server() -> Iterator[_HubServer]:
    server = _HubServer()
    with serving(server):
        yield server


@pytest.fixture
def hub(_hub_server: _HubServer) -> Hub:
    """The module's recording hub, emptied and answering 202 again."""
    _hub_server.hub = Hub(_hub_server.base_url + "/hub")
    return _hub_server.hub


@dataclass
class FeedServer:
    base_url: str
    body: bytes = b""
    link: str = ""

    @property
    def url(self) -> str:
        return self.base_url + "/feed.xml"


class _FeedHandler(QuietHandler):
    server: _FeedServerImpl

    def do_GET(self) -> None:
        feed = self.server.feed
        headers = {"Content-Type": "application/rss+xml"}
        if feed.link:
            headers["Link"] = feed.link
        self._send(200, feed.body, headers)


class _FeedServerImpl(QuietServer):
    def __init__(self) -> None:
        super().__init__(_FeedHandler)
        self.feed = FeedServer(self.base_url)


@pytest.fixture(scope="module")
def _feed_server() -> Iterator[_FeedServerImpl]:
    server = _FeedServerImpl()
    with serving(server):
        yield server


@pytest.fixture
def feed_server(_feed_server: _FeedServerImpl) -> FeedServer:
    """The module's feed server, with no feed yet."""
    _feed_server.feed = FeedServer(_feed_server.base_url)
    return _feed_server.feed


def rss(*titles: str, hub: str = "", self_url: str = "") -> bytes:
    """A small RSS feed, naming ``hub`` and ``self_url`` in the document when given."""
    links = ""
    if hub:
        links += f'<atom:link rel="hub" href="{hub}"/>'
    if self_url:
        links += f'<atom:link rel="self" href="{self_url}"/>'
    items = "".join(
        f"<item><title>{title}</title><link>https://outlet.example.test/{n}</link>"
        f"<guid>item-{n}-{title}</guid><description>{title}. The council said the work "
        f"on item {n} would take {n + 3} months and cost {n + 1}.5 million.</description>"
        "</item>" for n, title in enumerate(titles))
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
            'xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Outlet</title>'
            f"<link>https://outlet.example.test/</link>{links}{items}</channel></rss>"
            ).encode()


def run_tasks() -> None:
    """Run every queued task that is due, in this process, against the test database."""
    call_command("db_worker", batch=True, startup_delay=False, reload=False, queue_name="*",
                 verbosity=0)
