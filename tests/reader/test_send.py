"""post() against real receivers on the loopback range: what it sends, what it returns
for every kind of answer, and the addresses it refuses — a redirect to one included."""

from __future__ import annotations

import gzip
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from newsdesk.reader.send import SendError, post
from tests.loopback import QuietHandler, QuietServer, serving
from tests.support.options import fetch_options

BIG = 100_000


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    base_url: str
    received: list[Received] = field(default_factory=list)
    # Set when the test is over, so a handler that hangs on purpose lets go at once.
    release: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str) -> str:
        return self.base_url + path


class _Handler(QuietHandler):
    server: _Server

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        receiver = self.server.receiver
        receiver.received.append(Received(self.path, dict(self.headers.items()), body))
        if self.path == "/ok":
            self._send(202, b'{"accepted": true}', {"Content-Type": "application/json"})
        elif self.path == "/fail":
            self._send(500, b"receiver broke", {"Content-Type": "text/plain"})
        elif self.path == "/busy":
            self._send(429, b"", {"Retry-After": "120"})
        elif self.path == "/big":
            self._send(200, b"b" * BIG)
        elif self.path == "/gzip":
            self._send(200, gzip.compress(b"g" * BIG), {"Content-Encoding": "gzip"})
        elif self.path == "/hang":
            receiver.release.wait(10)
        elif self.path.startswith("/redirect?to="):
            self._send(307, b"", {"Location": self.path.removeprefix("/redirect?to=")})
        else:
            self._send(404, b"")


class _Server(QuietServer):
    def __init__(self, host: str = "127.0.0.1") -> None:
        # Bind where asked (127.0.0.2 stands in for a private address the policy refuses).
        super(QuietServer, self).__init__((host, 0), _Handler)
        self.receiver = Receiver(f"http://{host}:{self.server_address[1]}")


@pytest.fixture(scope="module")
def _servers() -> Iterator[tuple[Receiver, Receiver]]:
    public, private = _Server(), _Server("127.0.0.2")
    with serving(public), serving(private):
        yield public.receiver, private.receiver
        public.receiver.release.set()


@pytest.fixture
def receiver(_servers: tuple[Receiver, Receiver]) -> Receiver:
    _servers[0].received.clear()
    return _servers[0]


@pytest.fixture
def private_receiver(_servers: tuple[Receiver, Receiver]) -> Receiver:
    """A receiver on 127.0.0.2: loopback, but outside the 127.0.0.1/32 the tests open."""
    _servers[1].received.clear()
    return _servers[1]


def test_posts_the_body_and_headers_and_returns_the_answer(receiver: Receiver) -> None:
    result = post(receiver.url("/ok"), b'{"event": 1}',
                  {"Content-Type": "application/json", "X-Sig": "abc"}, fetch_options(),
                  user_agent="newsdesk-test/1")
    [got] = receiver.received
    assert got.path == "/ok"
    assert got.body == b'{"event": 1}'
    assert got.headers["Content-Type"] == "application/json"
    assert got.headers["X-Sig"] == "abc"
    assert got.headers["User-Agent"] == "newsdesk-test/1"
    assert result.ok and result.status == 202 and result.problem is None
    assert result.body == b'{"accepted": true}'
    assert result.headers["content-type"] == "application/json"
    assert not result.truncated
    assert result.elapsed_ms >= 0


def test_an_error_status_is_a_result_with_a_problem(receiver: Receiver) -> None:
    result = post(receiver.url("/fail"), b"x", {}, fetch_options())
    assert not result.ok
    assert result.status == 500
    assert result.body == b"receiver broke"
    assert result.problem == "answered 500 Internal Server Error"


def test_retry_after_is_read_from_a_429(receiver: Receiver) -> None:
    result = post(receiver.url("/busy"), b"x", {}, fetch_options())
    assert result.status == 429
    assert result.retry_after == 120
    assert result.problem is not None and "Retry-After 120s" in result.problem


def test_a_long_answer_is_cut_at_the_cap(receiver: Receiver) -> None:
    result = post(receiver.url("/big"), b"x", {}, fetch_options(), max_response_bytes=1000)
    assert result.ok
    assert result.body == b"b" * 1000
    assert result.truncated


def test_a_compressed_answer_is_decoded_up_to_the_cap(receiver: Receiver) -> None:
    result = post(receiver.url("/gzip"), b"x", {}, fetch_options(), max_response_bytes=1000)
    assert result.body == b"g" * len(result.body) and len(result.body) <= 1000
    assert result.truncated


def test_a_redirect_to_a_private_address_is_not_followed(
    receiver: Receiver, private_receiver: Receiver
) -> None:
    target = private_receiver.url("/ok")
    result = post(receiver.url(f"/redirect?to={target}"), b"secret", {}, fetch_options())
    assert not result.ok
    assert result.status == 307
    assert result.location == target
    assert result.problem is not None and "never redirected" in result.problem
    assert private_receiver.received == []  # the body went nowhere else


def test_a_redirect_to_an_allowed_address_is_not_followed_either(receiver: Receiver) -> None:
    result = post(receiver.url(f"/redirect?to={receiver.url('/ok')}"), b"once", {},
                  fetch_options())
    assert result.status == 307
    assert [r.path for r in receiver.received] == [f"/redirect?to={receiver.url('/ok')}"]


def test_a_private_address_is_refused_before_anything_is_sent(
    private_receiver: Receiver,
) -> None:
    with pytest.raises(SendError) as caught:
        post(private_receiver.url("/ok"), b"secret", {}, fetch_options())
    assert caught.value.kind == "refused_address"
    assert "NEWSDESK_FETCH_ALLOW_NETWORKS" in str(caught.value)
    assert private_receiver.received == []


def test_loopback_is_refused_unless_the_operator_opens_it(receiver: Receiver) -> None:
    with pytest.raises(SendError) as caught:
        post(receiver.url("/ok"), b"x", {}, fetch_options(allow_networks=[]))
    assert caught.value.kind == "refused_address"
    assert receiver.received == []


def test_a_name_resolving_to_a_private_address_is_refused() -> None:
    """The address checked is the one resolved, so a public-looking name cannot hide a
    private target (nothing is connected to: the check comes first)."""
    def resolve(host: str, port: int) -> list[str]:
        return ["10.20.30.40"]

    with pytest.raises(SendError) as caught:
        post("http://hooks.example.test/in", b"x", {}, fetch_options(), resolver=resolve)
    assert caught.value.kind == "refused_address"
    assert "10.20.30.40" in str(caught.value)


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/in", "file:///etc/passwd", "not a url",
                                 "http:///no-host"])
def test_only_http_urls_with_a_host(url: str) -> None:
    with pytest.raises(SendError) as caught:
        post(url, b"x", {}, fetch_options())
    assert caught.value.kind == "bad_url"


def test_a_receiver_that_never_answers_times_out(receiver: Receiver) -> None:
    with pytest.raises(SendError) as caught:
        post(receiver.url("/hang"), b"x", {}, fetch_options(timeout=0.3))
    assert caught.value.kind == "timeout"
    assert 250 <= caught.value.elapsed_ms < 5000


def test_nothing_listening_is_a_connect_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(SendError) as caught:
        post(f"http://127.0.0.1:{port}/in", b"x", {}, fetch_options())
    assert caught.value.kind == "connect"
