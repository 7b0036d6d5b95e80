"""JSON Feed, autodiscovery and OPML: the reading formats beside RSS and Atom."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from newsdesk.reader.discover import discover_feeds
from newsdesk.reader.feeds import MalformedFeed, parse_feed
from newsdesk.reader.opml import OpmlError, OpmlFeed, export_opml, parse_opml
from tests.reader.hazards import hazards

JSON_FEED = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "Valley Post",
    "home_page_url": "https://valley.example.test/",
    "items": [
        {
            "id": 1,
            "title": "Library opens late",
            "content_html": "<p>The library stays open <b>until nine</b>.</p>"
            "<script>alert(1)</script><p onclick='x()'>Second paragraph.</p>",
            "url": "https://valley.example.test/library",
            "date_published": "2025-03-04T09:30:00+01:00",
            "authors": [{"name": "A. Writer"}],
        },
        {"id": "2", "content_text": "Plain words only.", "url": "javascript:alert(1)"},
        {"id": "3"},
        "not an object",
    ],
}


def test_json_feed_items() -> None:
    parsed = parse_feed(
        json.dumps(JSON_FEED).encode(), feed_url="https://valley.example.test/feed.json",
        content_type="application/feed+json",
    )
    assert parsed.title == "Valley Post"
    assert parsed.link == "https://valley.example.test/"
    first, second = parsed.items
    assert first.title == "Library opens late"
    assert first.text == "The library stays open until nine.\n\nSecond paragraph."
    assert first.guid == "1"
    assert first.outlet == "Valley Post"
    assert first.published_at == datetime(2025, 3, 4, 8, 30, tzinfo=UTC)
    assert "<b>until nine</b>" in first.html
    assert hazards(first.html) == []
    assert "alert" not in first.html
    assert second.text == "Plain words only."
    assert second.url == ""  # a javascript: link never becomes an href
    assert second.html == ""
    assert [e.origin for e in parsed.errors] == [
        "https://valley.example.test/feed.json item 3",
        "https://valley.example.test/feed.json item 4",
    ]


def test_json_feed_is_recognised_without_a_content_type() -> None:
    parsed = parse_feed(b'\xef\xbb\xbf  {"version": "https://jsonfeed.org/version/1", '
                        b'"title": "T", "items": []}', feed_url="http://127.0.0.1/f")
    assert parsed.title == "T"
    assert parsed.items == []


@pytest.mark.parametrize(
    "body", [b"{not json", b"[1, 2]", b'{"title": "no version, no items"}', b"{" * 100_000]
)
def test_broken_json_feeds_are_refused_with_a_reason(body: bytes) -> None:
    with pytest.raises(MalformedFeed, match="not a JSON Feed"):
        parse_feed(body, feed_url="http://127.0.0.1/f.json", content_type="application/json")


ATOM_03 = b"""<?xml version="1.0"?>
<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Old Atom</title>
<entry><title>Legacy entry</title><id>tag:a,2004:1</id><issued>2004-01-01T00:00:00Z</issued>
<content type="text/html" mode="escaped">&lt;p&gt;Still read.&lt;/p&gt;</content></entry></feed>"""

RSS_091 = b"""<?xml version="1.0"?><rss version="0.91"><channel><title>Old RSS</title>
<item><title>Ninety-one</title><link>http://old.example.test/1</link>
<description>From the last century.</description></item></channel></rss>"""

RDF_10 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="http://r.example.test/"><title>RDF news</title></channel>
<item rdf:about="http://r.example.test/1"><title>One point oh</title>
<link>http://r.example.test/1</link><description>RSS 1.0 body.</description></item></rdf:RDF>"""


@pytest.mark.parametrize(
    ("body", "title", "text"),
    [
        (ATOM_03, "Legacy entry", "Still read."),
        (RSS_091, "Ninety-one", "From the last century."),
        (RDF_10, "One point oh", "RSS 1.0 body."),
    ],
)
def test_older_feed_versions(body: bytes, title: str, text: str) -> None:
    (item,) = parse_feed(body, feed_url="http://127.0.0.1/old").items
    assert (item.title, item.text) == (title, text)


PAGE = """<!doctype html><html><head>
<base href="https://news.example.test/section/">
<link rel="alternate" type="application/rss+xml" title="Top stories" href="rss.xml">
<link rel="alternate" type="application/atom+xml" href="/atom.xml">
<link rel="Alternate" type="application/feed+json; charset=utf-8" href="feed.json">
<link rel="alternate" type="application/json" href="/api/page.json">
<link rel="alternate" type="text/html" hreflang="fr" href="/fr/">
<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
<link rel="alternate" type="application/rss+xml" title="dup" href="rss.xml">
<link rel="stylesheet" href="site.css">
</head><body><a rel="alternate" type="application/rss+xml" href="/body-link.xml">x</a>
</body></html>"""


def test_autodiscovery_finds_advertised_feeds() -> None:
    found = discover_feeds(PAGE, page_url="https://news.example.test/page")
    assert [(f.url, f.title, f.kind) for f in found] == [
        ("https://news.example.test/section/rss.xml", "Top stories", "rss"),
        ("https://news.example.test/atom.xml", "", "atom"),
        ("https://news.example.test/section/feed.json", "", "json"),
    ]


def test_autodiscovery_on_a_page_without_feeds() -> None:
    assert discover_feeds("<p>nothing</p>", page_url="https://x.example.test/") == []
    assert discover_feeds("", page_url="https://x.example.test/") == []


OPML = b"""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE opml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<opml version="2.0"><head><title>My feeds</title></head><body>
<outline text="Local"><outline text="Valley Post" type="rss"
   xmlUrl="https://valley.example.test/feed.xml" htmlUrl="https://valley.example.test/"/>
 <outline text="Nested"><outline title="Hill News" xmlUrl="https://hill.example.test/rss"/></outline>
</outline>
<outline text="Top level" xmlUrl="https://top.example.test/atom"/>
<outline text="Again" xmlUrl="https://top.example.test/atom"/>
<outline text="Evil &xxe;" xmlUrl="javascript:alert(1)"/>
<outline text="Just a note"/>
</body></opml>"""


def test_opml_import_reads_every_feed_outline() -> None:
    imported = parse_opml(OPML)
    assert imported.feeds == [
        OpmlFeed("https://valley.example.test/feed.xml", "Valley Post",
                 "https://valley.example.test/", "Local"),
        OpmlFeed("https://hill.example.test/rss", "Hill News", "", "Local/Nested"),
        OpmlFeed("https://top.example.test/atom", "Top level", "", ""),
    ]
    assert len(imported.skipped) == 2
    assert "listed more than once" in imported.skipped[0]
    assert "not an http(s) URL" in imported.skipped[1]
    assert "root:" not in " ".join(imported.skipped)  # the external entity was not loaded


def test_opml_round_trip() -> None:
    feeds = parse_opml(OPML).feeds
    exported = export_opml(feeds, title="newsdesk & co",
                           now=datetime(2025, 3, 4, tzinfo=UTC))
    assert exported.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert b"<title>newsdesk &amp; co</title>" in exported
    assert parse_opml(exported).feeds == [
        OpmlFeed(f.url, f.title, f.site_url, f.category) for f in feeds
    ]


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"<rss><channel/></rss>", "not <opml>"),
        (b"<opml version='2.0'><head/></opml>", "no <body>"),
        (b"", "not well-formed"),
    ],
)
def test_opml_errors_say_why(body: bytes, reason: str) -> None:
    with pytest.raises(OpmlError, match=reason):
        parse_opml(body)
