"""parse_feed() on small feeds written for these tests."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsdesk.reader.feeds import MalformedFeed, parse_feed
from newsdesk.reader.items import RawItem

FEED_URL = "https://example.test/feed.xml"

RSS2 = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
  <channel>
    <title>Valley Courier</title>
    <link>https://valley.example.test/</link>
    <description>News from the valley</description>
    <item>
      <title>Bridge reopens after repairs</title>
      <link>https://valley.example.test/bridge</link>
      <guid isPermaLink="false">valley-bridge-2025</guid>
      <pubDate>Tue, 04 Mar 2025 09:30:00 +0100</pubDate>
      <description>&lt;p&gt;The old stone bridge is open again.&lt;/p&gt;&lt;p&gt;Cyclists
        may use it from Monday.&lt;/p&gt;</description>
    </item>
    <item>
      <title>Library extends hours</title>
      <link>https://valley.example.test/library</link>
      <description>Open until eight on Thursdays.</description>
    </item>
  </channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Coastline Notes</title>
  <link href="https://coast.example.test/"/>
  <id>urn:example:coast</id>
  <updated>2025-05-01T12:00:00Z</updated>
  <entry>
    <title>Seal pups counted on the sandbank</title>
    <link href="https://coast.example.test/seals"/>
    <id>urn:example:coast:seals</id>
    <updated>2025-05-01T12:00:00Z</updated>
    <summary>Short version.</summary>
    <content type="html">&lt;p&gt;Volunteers counted forty-two pups.&lt;/p&gt;
      &lt;p&gt;That is more than last year &amp;amp; the year before.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Tide tables for June — café edition</title>
    <id>urn:example:coast:tides</id>
    <published>2025-05-02T06:15:00+02:00</published>
    <updated>2025-05-03T06:15:00Z</updated>
    <summary>High water at dawn all week.</summary>
  </entry>
</feed>
""".encode()

RSS1 = b"""<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://hill.example.test/">
    <title>Hilltop Weekly</title>
    <link>https://hill.example.test/</link>
    <description>Village notices</description>
    <items><rdf:Seq><rdf:li rdf:resource="https://hill.example.test/fete"/></rdf:Seq></items>
  </channel>
  <item rdf:about="https://hill.example.test/fete">
    <title>Summer fete date set</title>
    <link>https://hill.example.test/fete</link>
    <description>The fete will be held on the green in July.</description>
    <dc:date>2025-06-10T08:00:00Z</dc:date>
  </item>
</rdf:RDF>
"""


def _only(items: list[RawItem], title: str) -> RawItem:
    [match] = [item for item in items if item.title == title]
    return match


def test_rss2() -> None:
    feed = parse_feed(RSS2, feed_url=FEED_URL)
    assert feed.title == "Valley Courier"
    assert feed.link == "https://valley.example.test/"
    assert feed.errors == []
    assert [item.title for item in feed.items] == [
        "Bridge reopens after repairs",
        "Library extends hours",
    ]
    bridge = feed.items[0]
    assert bridge.text == "The old stone bridge is open again.\n\nCyclists may use it from Monday."
    assert bridge.url == "https://valley.example.test/bridge"
    assert bridge.guid == "valley-bridge-2025"
    assert bridge.outlet == "Valley Courier"
    assert bridge.origin == f"{FEED_URL} entry 1"
    assert bridge.published_at == datetime(2025, 3, 4, 8, 30, tzinfo=UTC)
    library = feed.items[1]
    assert library.guid == "https://valley.example.test/library"  # no guid: the link
    assert library.published_at is None
    assert library.origin == f"{FEED_URL} entry 2"


def test_outlet_overrides_feed_title() -> None:
    feed = parse_feed(RSS2, feed_url=FEED_URL, outlet="The Courier")
    assert {item.outlet for item in feed.items} == {"The Courier"}


def test_atom_prefers_full_content_over_summary() -> None:
    feed = parse_feed(ATOM, feed_url=FEED_URL)
    assert feed.title == "Coastline Notes"
    seals = _only(feed.items, "Seal pups counted on the sandbank")
    assert seals.text == (
        "Volunteers counted forty-two pups.\n\nThat is more than last year & the year before."
    )
    assert seals.guid == "urn:example:coast:seals"
    assert seals.url == "https://coast.example.test/seals"
    assert seals.published_at == datetime(2025, 5, 1, 12, 0, tzinfo=UTC)


def test_atom_published_wins_over_updated_and_is_utc() -> None:
    tides = _only(parse_feed(ATOM, feed_url=FEED_URL).items, "Tide tables for June — café edition")
    assert tides.published_at == datetime(2025, 5, 2, 4, 15, tzinfo=UTC)
    assert tides.published_at.tzinfo is UTC
    assert tides.text == "High water at dawn all week."
    assert tides.url == ""
    assert tides.guid == "urn:example:coast:tides"


def test_rss1() -> None:
    feed = parse_feed(RSS1, feed_url=FEED_URL)
    assert feed.title == "Hilltop Weekly"
    [fete] = feed.items
    assert fete.title == "Summer fete date set"
    assert fete.text == "The fete will be held on the green in July."
    assert fete.url == "https://hill.example.test/fete"
    assert fete.published_at == datetime(2025, 6, 10, 8, 0, tzinfo=UTC)


def test_html_page_is_not_a_feed() -> None:
    page = b"<!doctype html><html><head><title>Shop</title></head><body><h1>Sale</h1></body></html>"
    with pytest.raises(MalformedFeed) as caught:
        parse_feed(page, feed_url=FEED_URL)
    message = str(caught.value)
    assert FEED_URL in message
    assert "not an RSS or Atom feed" in message
    assert "syntax error" in message  # feedparser's own reason is passed on


@pytest.mark.parametrize(
    "data",
    [bytes(range(256)) * 8, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"", b"   \n", b'{"a": 1}'],
    ids=["bytes", "png", "empty", "blank", "json"],
)
def test_non_feeds_raise(data: bytes) -> None:
    with pytest.raises(MalformedFeed, match=FEED_URL):
        parse_feed(data, feed_url=FEED_URL)


def test_feed_without_entries_is_fine() -> None:
    empty = b'<rss version="2.0"><channel><title>Quiet Times</title></channel></rss>'
    feed = parse_feed(empty, feed_url=FEED_URL)
    assert feed.title == "Quiet Times"
    assert feed.items == []
    assert feed.errors == []


def test_bozo_feed_with_entries_keeps_them() -> None:
    # An undefined entity and a bare ampersand make this feed ill-formed XML.
    sloppy = b"""<rss version="2.0"><channel><title>Town &amp; Gown</title>
      <item><title>Rowing club&nbsp;wins</title><description>Fish & chips for all</description>
      <link>https://town.example.test/rowing</link></item>
    </channel></rss>"""
    feed = parse_feed(sloppy, feed_url=FEED_URL)
    [item] = feed.items
    assert item.title == "Rowing club wins"
    assert item.text == "Fish & chips for all"
    assert item.url == "https://town.example.test/rowing"


def test_script_in_html_content_does_not_reach_text() -> None:
    hostile = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">
      <title>Test</title><id>urn:t</id>
      <entry><id>urn:t:1</id>
        <content type="html">&lt;p&gt;Visible words&lt;/p&gt;
        &lt;script&gt;steal(document.cookie)&lt;/script&gt;
        &lt;style&gt;p{color:red}&lt;/style&gt;&lt;p onclick="x()"&gt;more&lt;/p&gt;</content>
      </entry></feed>"""
    [item] = parse_feed(hostile, feed_url=FEED_URL).items
    assert item.title == ""
    assert item.text == "Visible words\n\nmore"
    assert "steal" not in item.text
    assert "color" not in item.text


def test_empty_entry_is_an_error_and_the_rest_go_on() -> None:
    feed_bytes = b"""<rss version="2.0"><channel><title>Mixed</title>
      <item><link>https://m.example.test/1</link></item>
      <item><title>Real story</title><description>Words.</description></item>
    </channel></rss>"""
    feed = parse_feed(feed_bytes, feed_url=FEED_URL)
    assert [item.title for item in feed.items] == ["Real story"]
    assert feed.items[0].origin == f"{FEED_URL} entry 2"
    [error] = feed.errors
    assert error.origin == f"{FEED_URL} entry 1"
    assert "neither a title nor any text" in str(error)


def test_never_fetches_a_url_given_as_data() -> None:
    # Passed as a string, feedparser would try to download this; as bytes it must not.
    with pytest.raises(MalformedFeed):
        parse_feed(b"http://127.0.0.1:9/feed.xml", feed_url=FEED_URL)


def test_only_web_links_become_item_urls() -> None:
    feed_bytes = b"""<rss version="2.0"><channel><title>Links</title>
      <link>javascript:alert(1)</link>
      <item><title>Script link</title><link>javascript:alert(1)</link></item>
      <item><title>Data link</title><link>data:text/html,hi</link></item>
      <item><title>Relative link</title><link>/story/9</link></item>
    </channel></rss>"""
    feed = parse_feed(feed_bytes, feed_url="https://links.example.test/rss")
    assert feed.link == ""
    assert [item.url for item in feed.items] == ["", "", "https://links.example.test/story/9"]
    assert feed.items[0].guid == ""
