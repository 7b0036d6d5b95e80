"""Which fetched documents are web pages whose advertised feeds ingest should follow.

(Finding the links in a page is covered with the other reading formats, in
test_feed_formats.py.)"""

from __future__ import annotations

import pytest

from newsdesk.reader.discover import advertised_feeds, looks_like_a_page

ADVERTISING = (b'<!DOCTYPE html>\n<html lang="en"><head><title>Harbour Gazette</title>'
               b'<link rel="alternate" type="application/rss+xml" href="/feed.xml">'
               b'<link rel="alternate" type="application/atom+xml" href="/comments.atom">'
               b"</head><body><p>Ferry times</p></body></html>")
RSS = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour</title>'
       b"<item><title>Ferry</title><description><![CDATA[<html><link rel='alternate' "
       b"type='application/rss+xml' href='/x.xml'></html>]]></description></item>"
       b"</channel></rss>")
XHTML = (b'<?xml version="1.0" encoding="utf-8"?>\n<!-- a comment -->\n'
         b'<html xmlns="http://www.w3.org/1999/xhtml"><head>'
         b'<link rel="alternate" type="application/atom+xml" href="atom.xml"/></head></html>')


def test_a_page_gives_its_feeds_in_order_resolved_against_where_it_was_found() -> None:
    found = advertised_feeds(ADVERTISING, content_type="text/html; charset=utf-8",
                             page_url="http://127.0.0.1:8080/news/")
    assert [f.url for f in found] == ["http://127.0.0.1:8080/feed.xml",
                                      "http://127.0.0.1:8080/comments.atom"]


def test_xhtml_with_an_xml_prolog_is_a_page() -> None:
    found = advertised_feeds(XHTML, content_type="application/xhtml+xml",
                             page_url="https://gazette.example.test/a/")
    assert [f.url for f in found] == ["https://gazette.example.test/a/atom.xml"]


@pytest.mark.parametrize("content_type", ["text/html", "application/rss+xml", ""])
def test_a_feed_is_never_a_page_whatever_its_type_says(content_type: str) -> None:
    # Its items may quote HTML with feed links; they are the feed's content, not its links.
    assert not looks_like_a_page(RSS, content_type)
    assert advertised_feeds(RSS, content_type=content_type, page_url="http://127.0.0.1/") == []


@pytest.mark.parametrize(("body", "content_type", "page"), [
    (b"<p>A fragment</p>", "text/html", True),  # the type decides when the head says nothing
    (b"<p>A fragment</p>", "text/plain", False),
    (b'{"version": "https://jsonfeed.org/version/1.1", "items": []}', "application/feed+json",
     False),
    (b"", "text/html", True),
    (b"\xef\xbb\xbf  <!doctype HTML><title>x</title>", "application/octet-stream", True),
])
def test_the_head_decides_before_the_type(body: bytes, content_type: str, page: bool) -> None:
    assert looks_like_a_page(body, content_type) is page


def test_a_page_that_advertises_nothing_gives_nothing() -> None:
    assert advertised_feeds(b"<!doctype html><html><body>hello</body></html>",
                            content_type="text/html", page_url="http://127.0.0.1/") == []
