"""WebSub's pure parts: where a feed names its hub (Link header first, then the document
in each feed format), and the X-Hub-Signature check for every algorithm the spec names."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest

from newsdesk.reader.feeds import parse_feed
from newsdesk.reader.websub import (
    SIGNATURE_ALGORITHMS,
    advertised,
    link_relations,
    sign,
    signature_matches,
)

FEED_URL = "https://outlet.example.test/feed.xml"

RSS = (b'<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">'
       b"<channel><title>Outlet</title><link>https://outlet.example.test/</link>"
       b'<atom:link rel="hub" href="https://hub.example.test/"/>'
       b'<atom:link rel="hub" href="https://hub2.example.test/"/>'
       b'<atom:link rel="self" href="https://outlet.example.test/rss"/>'
       b"<item><title>Ferry returns</title><description>The ferry is back.</description>"
       b"</item></channel></rss>")
ATOM = (b'<feed xmlns="http://www.w3.org/2005/Atom"><title>Outlet</title>'
        b'<id>urn:outlet</id><updated>2026-12-01T00:00:00Z</updated>'
        b'<link rel="hub" href="https://hub.example.test/"/>'
        b'<link rel="self" href="https://outlet.example.test/atom"/>'
        b'<link href="https://outlet.example.test/"/>'
        b"<entry><title>Ferry returns</title><id>urn:1</id>"
        b"<updated>2026-12-01T00:00:00Z</updated><summary>The ferry is back.</summary></entry>"
        b"</feed>")
PLAIN = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Outlet</title>'
         b"<item><title>Ferry returns</title><description>Back.</description></item>"
         b"</channel></rss>")


def test_rss_and_atom_name_their_hubs_and_self() -> None:
    rss = parse_feed(RSS, feed_url=FEED_URL)
    assert rss.hubs == ("https://hub.example.test/", "https://hub2.example.test/")
    assert rss.self_url == "https://outlet.example.test/rss"
    atom = parse_feed(ATOM, feed_url=FEED_URL)
    assert atom.hubs == ("https://hub.example.test/",)
    assert atom.self_url == "https://outlet.example.test/atom"
    plain = parse_feed(PLAIN, feed_url=FEED_URL)
    assert plain.hubs == () and plain.self_url == ""


def test_json_feed_names_its_websub_hubs_only() -> None:
    document = json.dumps({
        "version": "https://jsonfeed.org/version/1.1", "title": "Outlet",
        "feed_url": "https://outlet.example.test/feed.json",
        "hubs": [{"type": "rssCloud", "url": "https://cloud.example.test/"},
                 {"type": "WebSub", "url": "https://hub.example.test/"}],
        "items": [{"id": "1", "title": "Ferry returns", "content_text": "Back."}],
    }).encode()
    parsed = parse_feed(document, feed_url=FEED_URL, content_type="application/feed+json")
    assert parsed.hubs == ("https://hub.example.test/",)
    assert parsed.self_url == "https://outlet.example.test/feed.json"


def test_link_header_relations_resolve_and_split() -> None:
    header = ('<https://hub.example.test/>; rel="hub", </feed.xml>; rel="self"; '
              'title="a, b", <https://both.example.test/>; rel="hub alternate", '
              "<javascript:alert(1)>; rel=hub, <https://x.example.test/>; title=x")
    assert link_relations(header, "https://outlet.example.test/news/") == {
        "hub": ["https://hub.example.test/", "https://both.example.test/"],
        "self": ["https://outlet.example.test/feed.xml"],
        "alternate": ["https://both.example.test/"],
    }
    assert link_relations("", FEED_URL) == {}
    assert link_relations("<unclosed; rel=hub", FEED_URL) == {}


def test_the_link_header_comes_before_the_document() -> None:
    feed = parse_feed(RSS, feed_url=FEED_URL)
    header = '<https://header-hub.example.test/>; rel="hub", <https://o.example.test/t>; rel=self'
    from_header = advertised(header, feed, FEED_URL)
    assert from_header is not None
    assert from_header.hubs == ("https://header-hub.example.test/",)
    assert from_header.topic == "https://o.example.test/t"
    from_document = advertised("", feed, FEED_URL)
    assert from_document is not None
    assert from_document.hubs == ("https://hub.example.test/", "https://hub2.example.test/")
    assert from_document.topic == "https://outlet.example.test/rss"
    assert advertised("", parse_feed(PLAIN, feed_url=FEED_URL), FEED_URL) is None
    # A hub in the header without a self link: the document's, else the URL fetched.
    only_hub = advertised("<https://h.example.test/>; rel=hub",
                          parse_feed(PLAIN, feed_url=FEED_URL), FEED_URL)
    assert only_hub is not None and only_hub.topic == FEED_URL


@pytest.mark.parametrize("algorithm", SIGNATURE_ALGORITHMS)
def test_each_algorithm_signs_and_checks(algorithm: str) -> None:
    body = b"<rss>pushed</rss>"
    expected = hmac.new(b"s3cret", body, getattr(hashlib, algorithm)).hexdigest()
    assert sign(algorithm, "s3cret", body) == f"{algorithm}={expected}"
    assert signature_matches(f"{algorithm}={expected}", "s3cret", body)
    assert signature_matches(f"{algorithm.upper()}={expected.upper()}", "s3cret", body)
    assert not signature_matches(f"{algorithm}={expected}", "other", body)
    assert not signature_matches(f"{algorithm}={expected}", "s3cret", body + b" ")


@pytest.mark.parametrize("header", ["", "sha256", "sha256=", "md5=abc", "=abc", "garbage"])
def test_a_missing_or_malformed_signature_never_matches(header: str) -> None:
    assert not signature_matches(header, "s3cret", b"body")


def test_no_secret_never_matches() -> None:
    assert not signature_matches(sign("sha256", "", b"body"), "", b"body")


def test_fetch_passes_the_link_header_on() -> None:
    from newsdesk.reader.fetch import fetch
    from tests.loopback import Route, loopback_server
    from tests.support.options import fetch_options

    link = '<https://hub.example.test/>; rel="hub", <https://o.example.test/f>; rel="self"'
    with loopback_server({"/feed": Route(PLAIN, headers={"Link": link})}) as server:
        result = fetch(server.url("/feed"), fetch_options())
    assert result.links == link
    found = advertised(result.links, parse_feed(result.content, feed_url=server.url("/feed")),
                       result.final_url)
    assert found is not None
    assert found.hubs == ("https://hub.example.test/",)
    assert found.topic == "https://o.example.test/f"
