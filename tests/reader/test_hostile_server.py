"""A hostile server on 127.0.0.1: each attack ends in a recorded error or a correct
partial result, within its time limit, with bounded memory (tracemalloc peak).

Redirects towards other addresses (127.0.0.2, [::1], 2130706434, [::ffff:127.0.0.2],
file:) are refused under a 127.0.0.1/32 allow-list before any connection is made, so
no request here ever leaves 127.0.0.1.
"""

from __future__ import annotations

import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from typing import Any

import brotli
import pytest

from newsdesk.reader.feeds import MalformedFeed, parse_feed
from newsdesk.reader.fetch import FetchError, FetchResult, fetch
from tests.loopback import QuietHandler, QuietServer, serving
from tests.support.options import fetch_options

ALLOW = ["127.0.0.1/32"]
MiB = 1024 * 1024
CAP = 2 * MiB
GIANT_ENTRIES = 50_000
_WRITE_BUDGET_SECONDS = 20.0  # every handler gives up on its own after this


def _giant_feed() -> bytes:
    items = b"".join(
        b"<item><title>Entry %d</title><link>http://127.0.0.1/e/%d</link><guid>e-%d</guid>"
        b"<description>Body of entry %d.</description></item>" % (i, i, i, i)
        for i in range(GIANT_ENTRIES)
    )
    return (
        b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        b"<title>Endless Gazette</title><link>http://127.0.0.1/</link>" + items
        + b"</channel></rss>"
    )


def _zero_bomb(compress: Callable[[bytes], bytes]) -> bytes:
    return compress(bytes(256 * MiB))


WRONG_CHARSET_FEED = (
    '<?xml version="1.0" encoding="windows-1252"?><rss version="2.0"><channel>'
    "<title>Caf\u00e9 Times</title><item><title>Cr\u00e8me br\u00fbl\u00e9e wins the fair"
    "</title><guid>c1</guid><description>The caf\u00e9\u2019s entry took first prize."
    "</description></item></channel></rss>"
).encode("cp1252")

INVALID_XML_FEED = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>Broken & Co</title>'
    b"<item><title>First story</title><guid>b1</guid><description>Kept despite the"
    b" broken markup.</description></item><item><title>Second <b>story</title>"
    b"<guid>b2</guid></channel>"
)


class _Hostile(QuietHandler):
    server: _Server

    def do_GET(self) -> None:
        self.server.peers.append(self.client_address[0])
        path = self.path.split("?", 1)[0]
        route = ROUTES.get(path)
        if route is None:
            self._send(404, b"no such route")
        else:
            route(self)

    def endless(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        chunk = b"<item>" * 10_000
        stop = time.monotonic() + _WRITE_BUDGET_SECONDS
        while time.monotonic() < stop and self._write(chunk):
            pass

    def drip(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "1000")
        self.end_headers()
        for _ in range(1000):
            if not self._write(b"<"):
                return
            time.sleep(0.05)

    def gzip_bomb(self) -> None:
        self._send(200, self.server.gzip_bomb,
                   {"Content-Type": "application/rss+xml", "Content-Encoding": "gzip"})

    def brotli_bomb(self) -> None:
        self._send(200, self.server.brotli_bomb,
                   {"Content-Type": "application/rss+xml", "Content-Encoding": "br"})

    def loop(self) -> None:
        self._send(302, b"", {"Location": "/loop"})

    def wrong_charset(self) -> None:
        # The header claims UTF-8; the bytes and the XML declaration say Windows-1252.
        self._send(200, WRONG_CHARSET_FEED, {"Content-Type": "application/rss+xml; charset=utf-8"})

    def invalid_xml(self) -> None:
        self._send(200, INVALID_XML_FEED, {"Content-Type": "application/rss+xml"})

    def not_modified(self) -> None:
        if self.headers.get("If-None-Match") == '"v1"':
            self.send_response(304)
            self.send_header("ETag", '"v1"')
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self._send(200, WRONG_CHARSET_FEED, {"ETag": '"v1"'})

    def too_many(self) -> None:
        self._send(429, b"slow down", {"Retry-After": "120"})

    def unavailable(self) -> None:
        self._send(503, b"maintenance", {"Retry-After": "Fri, 31 Dec 2100 23:59:59 GMT"})

    def error(self) -> None:
        self._send(500, b"internal error")

    def giant(self) -> None:
        self._send(200, self.server.giant, {"Content-Type": "application/rss+xml"})


ROUTES: dict[str, Callable[[_Hostile], None]] = {
    "/endless": _Hostile.endless,
    "/drip": _Hostile.drip,
    "/gzip-bomb": _Hostile.gzip_bomb,
    "/brotli-bomb": _Hostile.brotli_bomb,
    "/loop": _Hostile.loop,
    "/wrong-charset": _Hostile.wrong_charset,
    "/invalid-xml": _Hostile.invalid_xml,
    "/conditional": _Hostile.not_modified,
    "/429": _Hostile.too_many,
    "/503": _Hostile.unavailable,
    "/500": _Hostile.error,
    "/giant": _Hostile.giant,
}

ESCAPES = {
    "/to-127.0.0.2": "http://127.0.0.2:{port}/giant",
    "/to-ipv6-loopback": "http://[::1]:{port}/giant",
    "/to-decimal": "http://2130706434:{port}/giant",
    "/to-mapped": "http://[::ffff:127.0.0.2]:{port}/giant",
    "/to-file": "file:///etc/passwd",
    "/to-metadata": "http://169.254.169.254/latest/meta-data/",
}


def _escape_route(target: str) -> Callable[[_Hostile], None]:
    def route(handler: _Hostile) -> None:
        port = handler.server.server_address[1]
        handler._send(302, b"", {"Location": target.format(port=port)})

    return route


for _path, _target in ESCAPES.items():
    ROUTES[_path] = _escape_route(_target)


class _Server(QuietServer):
    def __init__(self) -> None:
        super().__init__(_Hostile)
        self.peers: list[str] = []
        self.gzip_bomb = _zero_bomb(lambda d: zlib.compress(d, 9, wbits=31))
        self.brotli_bomb = _zero_bomb(lambda d: brotli.compress(d, quality=5))
        self.giant = _giant_feed()


@pytest.fixture(scope="module")
def hostile() -> Iterator[_Server]:
    with serving(_Server()) as server:
        yield server
    assert set(server.peers) <= {"127.0.0.1"}


def _url(server: _Server, path: str) -> str:
    return server.base_url + path


def _bounded(call: Callable[[], Any], *, seconds: float, peak_mib: float) -> Any:
    """Run ``call``, returning its result or FetchError; assert time and memory bounds."""
    tracemalloc.start()
    started = time.monotonic()
    try:
        outcome = call()
    except (FetchError, MalformedFeed) as error:
        outcome = error
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    elapsed = time.monotonic() - started
    assert elapsed < seconds, f"took {elapsed:.1f}s, limit {seconds}s"
    assert peak < peak_mib * MiB, f"peak {peak / MiB:.1f} MiB, limit {peak_mib} MiB"
    return outcome


def _fetch(server: _Server, path: str, **kwargs: Any) -> Callable[[], FetchResult]:
    limits: dict[str, Any] = {"allow_networks": ALLOW, "timeout": 3.0, "max_bytes": CAP}
    limits.update(kwargs)
    etag = limits.pop("etag", None)
    return lambda: fetch(_url(server, path), fetch_options(**limits), etag=etag)


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/endless", "too_large"),
        ("/gzip-bomb", "too_large"),
        ("/brotli-bomb", "decode"),
        ("/loop", "redirects"),
        ("/500", "http_status"),
    ],
)
def test_attacks_end_in_a_recorded_error(hostile: _Server, path: str, kind: str) -> None:
    error = _bounded(_fetch(hostile, path), seconds=5, peak_mib=4 * CAP / MiB)
    assert isinstance(error, FetchError), error
    assert error.kind == kind, error
    assert error.elapsed_ms >= 0
    if path == "/endless":
        assert error.bytes_read > CAP  # the attempt log shows how much was taken
    if path == "/gzip-bomb":
        assert 0 < error.bytes_read < CAP  # a small download that inflates past the cap


def test_slow_drip_hits_the_deadline(hostile: _Server) -> None:
    error = _bounded(_fetch(hostile, "/drip", timeout=1.0), seconds=3, peak_mib=2)
    assert isinstance(error, FetchError)
    assert error.kind == "timeout"
    assert 900 <= error.elapsed_ms < 3000
    assert 0 < error.bytes_read < 100


@pytest.mark.parametrize("path", sorted(ESCAPES))
def test_redirects_leaving_the_allow_list_are_refused(hostile: _Server, path: str) -> None:
    before = len(hostile.peers)
    error = _bounded(_fetch(hostile, path), seconds=3, peak_mib=2)
    assert isinstance(error, FetchError), error
    expected = "bad_url" if path == "/to-file" else "refused_address"
    assert error.kind == expected, error
    # Only the redirecting request itself reached a server.
    assert len(hostile.peers) == before + 1


def test_retry_after_is_surfaced(hostile: _Server) -> None:
    error = _bounded(_fetch(hostile, "/429"), seconds=3, peak_mib=2)
    assert isinstance(error, FetchError)
    assert (error.kind, error.status, error.retry_after) == ("http_status", 429, 120.0)
    assert "Retry-After 120s" in str(error)
    later = _bounded(_fetch(hostile, "/503"), seconds=3, peak_mib=2)
    assert isinstance(later, FetchError)
    assert later.status == 503
    assert later.retry_after is not None and later.retry_after > 365 * 24 * 3600


def test_not_modified_costs_nothing(hostile: _Server) -> None:
    result = _bounded(_fetch(hostile, "/conditional", etag='"v1"'), seconds=3, peak_mib=2)
    assert isinstance(result, FetchResult)
    assert (result.status, result.not_modified, result.content) == (304, True, b"")


def test_wrong_charset_header_still_reads_right(hostile: _Server) -> None:
    def read() -> Any:
        result = fetch(_url(hostile, "/wrong-charset"),
                       fetch_options(allow_networks=ALLOW, timeout=3))
        return parse_feed(result.content, feed_url=result.final_url,
                          content_type=result.content_type)

    parsed = _bounded(read, seconds=5, peak_mib=8)
    assert parsed.title == "Caf\u00e9 Times"
    assert [i.title for i in parsed.items] == ["Cr\u00e8me br\u00fbl\u00e9e wins the fair"]
    assert parsed.items[0].text == "The caf\u00e9\u2019s entry took first prize."


def test_invalid_xml_keeps_what_can_be_read(hostile: _Server) -> None:
    def read() -> Any:
        result = fetch(_url(hostile, "/invalid-xml"),
                       fetch_options(allow_networks=ALLOW, timeout=3))
        return parse_feed(result.content, feed_url=result.final_url,
                          content_type=result.content_type)

    parsed = _bounded(read, seconds=5, peak_mib=8)
    assert not isinstance(parsed, Exception), parsed
    assert parsed.items[0].title == "First story"
    assert parsed.items[0].text == "Kept despite the broken markup."


def test_giant_feed_gives_its_first_entries_and_says_so(hostile: _Server) -> None:
    def read() -> Any:
        result = fetch(_url(hostile, "/giant"), fetch_options(allow_networks=ALLOW, timeout=10))
        return parse_feed(result.content, feed_url=result.final_url, max_entries=500)

    parsed = _bounded(read, seconds=60, peak_mib=120)
    assert len(hostile.giant) > 5 * MiB
    assert [i.title for i in parsed.items[:2]] == ["Entry 0", "Entry 1"]
    assert len(parsed.items) == 500
    assert parsed.items[-1].guid.endswith("e-499")
    assert "more than 500 entries" in str(parsed.errors[-1])


def test_giant_feed_over_the_byte_cap_is_cut_off(hostile: _Server) -> None:
    error = _bounded(_fetch(hostile, "/giant", max_bytes=MiB), seconds=5, peak_mib=4)
    assert isinstance(error, FetchError)
    assert error.kind == "too_large"
