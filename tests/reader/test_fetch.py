"""fetch() against a real, misbehaving server on 127.0.0.1."""

from __future__ import annotations

import socket
import time
from typing import Any

import pytest

from newsdesk.reader.fetch import FetchError, fetch
from tests.reader.conftest import (
    BIG_BODY_SIZE,
    FEED_BODY,
    FEED_ETAG,
    FEED_LAST_MODIFIED,
    MisbehavingServer,
)
from tests.support.options import fetch_options


def _fails(kind: str, url: str, **kwargs: Any) -> FetchError:
    with pytest.raises(FetchError) as caught:
        fetch(url, fetch_options(**kwargs))
    assert caught.value.kind == kind, caught.value
    assert caught.value.url == url
    assert url in str(caught.value)
    return caught.value


def test_normal_feed(http_server: MisbehavingServer) -> None:
    result = fetch(http_server.url("/feed"), fetch_options())
    assert result.status == 200
    assert result.content == FEED_BODY
    assert result.content_type.startswith("application/rss+xml")
    assert result.etag == FEED_ETAG
    assert result.last_modified == FEED_LAST_MODIFIED
    assert result.not_modified is False
    assert result.url == result.final_url == http_server.url("/feed")
    assert result.elapsed_ms >= 0


def test_sends_user_agent_and_accepts_only_decodable_encodings(
    http_server: MisbehavingServer,
) -> None:
    fetch(http_server.url("/feed?ua"), fetch_options(), user_agent="newsdesk-test/1")
    path, headers = http_server.requests[-1]
    assert path == "/feed?ua"
    assert headers["User-Agent"] == "newsdesk-test/1"
    assert headers["Accept-Encoding"] == "gzip, deflate"
    assert "If-None-Match" not in headers
    assert headers["Accept"] == "*/*"


def test_sends_the_accept_header_asked_for(http_server: MisbehavingServer) -> None:
    """An ActivityPub actor and its HTML page share a URL; the Accept header chooses."""
    wanted = 'application/activity+json, application/ld+json; profile="x"'
    fetch(http_server.url("/feed?accept"), fetch_options(), accept=wanted)
    assert http_server.requests[-1][1]["Accept"] == wanted


def test_conditional_get_returns_not_modified(http_server: MisbehavingServer) -> None:
    result = fetch(http_server.url("/feed?conditional"), fetch_options(), etag=FEED_ETAG,
                   last_modified=FEED_LAST_MODIFIED)
    _, headers = http_server.requests[-1]
    assert headers["If-None-Match"] == FEED_ETAG
    assert headers["If-Modified-Since"] == FEED_LAST_MODIFIED
    assert result.status == 304
    assert result.not_modified is True
    assert result.content == b""
    assert result.etag == FEED_ETAG
    assert result.last_modified == FEED_LAST_MODIFIED


def test_stale_etag_gets_full_body(http_server: MisbehavingServer) -> None:
    result = fetch(http_server.url('/feed'), fetch_options(), etag='"old"')
    assert result.status == 200
    assert result.not_modified is False
    assert result.content == FEED_BODY


def test_gzip_body_is_decoded(http_server: MisbehavingServer) -> None:
    assert fetch(http_server.url("/gzip-feed"), fetch_options()).content == FEED_BODY


@pytest.mark.parametrize("status", [500, 404])
def test_http_errors_carry_status(http_server: MisbehavingServer, status: int) -> None:
    error = _fails("http_status", http_server.url(f"/status/{status}"))
    assert error.status == status
    assert str(status) in str(error)


def test_follows_a_short_redirect_chain(http_server: MisbehavingServer) -> None:
    result = fetch(http_server.url("/hop/5"), fetch_options())
    assert result.status == 200
    assert result.content == b"end of the chain"
    assert result.url == http_server.url("/hop/5")
    assert result.final_url == http_server.url("/hop/0")


def test_six_redirects_are_too_many(http_server: MisbehavingServer) -> None:
    error = _fails("redirects", http_server.url("/hop/6"))
    assert error.status is None


def test_redirect_without_location_is_an_http_error(http_server: MisbehavingServer) -> None:
    assert _fails("http_status", http_server.url("/no-location")).status == 302


def test_redirect_to_other_scheme_is_refused(http_server: MisbehavingServer) -> None:
    _fails("bad_url", http_server.url("/to-ftp"))


@pytest.mark.parametrize(
    "url", ["ftp://127.0.0.1/feed.xml", "file:///etc/passwd", "javascript:alert(1)"]
)
def test_non_http_schemes_are_refused_without_connecting(url: str) -> None:
    _fails("bad_url", url)


def test_url_without_host_is_refused() -> None:
    _fails("bad_url", "http://")


def test_slow_drip_is_cut_at_the_deadline(http_server: MisbehavingServer) -> None:
    started = time.monotonic()
    _fails("timeout", http_server.url("/slow-drip"), timeout=1.0)
    assert time.monotonic() - started < 1.8


def test_stalled_body_is_cut_at_the_deadline(http_server: MisbehavingServer) -> None:
    # The stall begins 0.6 s in; a plain read timeout would only fire at ~1.6 s.
    started = time.monotonic()
    _fails("timeout", http_server.url("/stall"), timeout=1.0)
    assert time.monotonic() - started < 1.45


def test_declared_length_over_the_cap(http_server: MisbehavingServer) -> None:
    error = _fails("too_large", http_server.url("/big"), max_bytes=BIG_BODY_SIZE // 2)
    assert str(BIG_BODY_SIZE // 2) in str(error)


def test_undeclared_length_over_the_cap(http_server: MisbehavingServer) -> None:
    _fails("too_large", http_server.url("/big-no-length"), max_bytes=BIG_BODY_SIZE // 2)


def test_body_at_the_cap_is_fine(http_server: MisbehavingServer) -> None:
    big = fetch(http_server.url("/big"), fetch_options(max_bytes=BIG_BODY_SIZE))
    assert len(big.content) == BIG_BODY_SIZE


def test_gzip_bomb_is_cut_off(http_server: MisbehavingServer) -> None:
    started = time.monotonic()
    _fails("too_large", http_server.url("/bomb"), max_bytes=1024 * 1024)
    assert time.monotonic() - started < 5


def test_connection_refused() -> None:
    # A port held bound but never listening: refused every time, and (unlike a port freed
    # a moment ago) no other socket can start listening on it mid-test.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        _fails("connect", f"http://127.0.0.1:{port}/feed")


def test_user_agent_names_newsdesk_and_its_version(http_server: MisbehavingServer) -> None:
    from newsdesk import __version__

    fetch(http_server.url("/feed?default-ua"), fetch_options())
    _, headers = http_server.requests[-1]
    assert headers["User-Agent"].startswith(f"newsdesk/{__version__} ")


def test_at_most_two_requests_per_host_at_once() -> None:
    """Six workers fetching from one host: the server never sees more than two at once."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    state = {"now": 0, "peak": 0}
    lock = threading.Lock()

    class Slow(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            with lock:
                state["now"] += 1
                state["peak"] = max(state["peak"], state["now"])
            time.sleep(0.3)
            with lock:
                state["now"] -= 1
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    results: list[bytes] = []
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        workers = [
            threading.Thread(
                target=lambda: results.append(fetch(url, fetch_options(timeout=10)).content))
            for _ in range(6)
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(15)
    finally:
        server.shutdown()
        server.server_close()
    assert results == [b"ok"] * 6
    assert state["peak"] == 2


@pytest.mark.parametrize(
    "url",
    ["http://2130706434/", "http://0x7f000001/", "http://0177.0.0.1/", "http://127.1/",
     "http://[::ffff:127.0.0.1]:1/", "http://[::1]:1/", "http://127.0.0.2:1/"],
)
def test_odd_and_wrapped_loopback_spellings_are_refused(url: str) -> None:
    """Under a 127.0.0.1/32 allow-list, other spellings of loopback stay refused (the
    mapped form of 127.0.0.1 is the allowed host itself, and nothing listens on port 1)."""
    with pytest.raises(FetchError) as caught:
        fetch(url, fetch_options(allow_networks=["127.0.0.1/32"], timeout=3))
    if url.startswith("http://[::ffff:127.0.0.1]"):
        assert caught.value.kind == "connect", caught.value
    else:
        # httpx itself rejects some spellings as malformed; either way nothing connects.
        assert caught.value.kind in {"refused_address", "bad_url"}, caught.value
