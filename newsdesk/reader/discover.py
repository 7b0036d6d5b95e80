"""Find the feeds a web page advertises, so an operator can paste a site's address.

Sites announce feeds with ``<link rel="alternate" type="application/rss+xml" href=…>``
in their head (the RSS autodiscovery convention; Atom and JSON Feed use the same
element with their own media types). Links are resolved against the page's URL,
honouring ``<base href>``, and only http(s) results are returned.

Ingest asks ``advertised_feeds`` about a new address's answer: a web page subscribes to
the feed it names, a feed is read as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final
from urllib.parse import urljoin

from newsdesk.reader.encoding import decode_document
from newsdesk.reader.htmldoc import parse_html
from newsdesk.reader.items import web_url

FEED_TYPES: Final = {
    "application/rss+xml": "rss",
    "application/atom+xml": "atom",
    "application/feed+json": "json",
    "application/json": "json",
    "application/rdf+xml": "rss",
    "application/xml": "xml",
    "text/xml": "xml",
}


_HTML_TYPES: Final = ("text/html", "application/xhtml+xml")
# The first element of a page, and of each feed format (after any XML prolog or comment).
_PAGE_ROOTS: Final = (b"<!doctype html", b"<html")
_FEED_ROOTS: Final = (b"<rss", b"<feed", b"<rdf:rdf")
_SNIFF_BYTES: Final = 2048


@dataclass(frozen=True)
class DiscoveredFeed:
    url: str
    title: str
    kind: str  # rss, atom, json or xml


def discover_feeds(html: str, *, page_url: str) -> list[DiscoveredFeed]:
    """Advertised feeds in document order, without duplicates."""
    root = parse_html(html)
    if root is None:
        return []
    base = page_url
    for element in root.iterfind(".//base"):
        href = (element.get("href") or "").strip()
        if href:
            base = urljoin(page_url, href)
            break
    found: list[DiscoveredFeed] = []
    seen: set[str] = set()
    for link in root.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        media = (link.get("type") or "").split(";", 1)[0].strip().lower()
        href = (link.get("href") or "").strip()
        if "alternate" not in rel or media not in FEED_TYPES or not href:
            continue
        # application/json is used for many non-feed things; only trust it with "feed"
        # in the title or URL.
        title = " ".join((link.get("title") or "").split())
        if media == "application/json" and "feed" not in (title + href).lower():
            continue
        url = web_url(urljoin(base, href))
        if url and url not in seen:
            seen.add(url)
            found.append(DiscoveredFeed(url=url, title=title, kind=FEED_TYPES[media]))
    return found


def advertised_feeds(content: bytes, *, content_type: str, page_url: str) -> list[DiscoveredFeed]:
    """The feeds a fetched document advertises when it is a web page; nothing for a feed
    (even one served as text/html) or for anything else."""
    if not looks_like_a_page(content, content_type):
        return []
    text, _ = decode_document(content, content_type)
    return discover_feeds(text, page_url=page_url)


def looks_like_a_page(content: bytes, content_type: str) -> bool:
    """An HTML page, by whichever comes first in its head: a page's root element or a
    feed's. Servers label feeds text/html often enough that the type alone cannot say;
    a type of HTML decides only when the head names neither."""
    head = content[:_SNIFF_BYTES].lower()
    page = min((i for i in (head.find(root) for root in _PAGE_ROOTS) if i >= 0), default=-1)
    feed = min((i for i in (head.find(root) for root in _FEED_ROOTS) if i >= 0), default=-1)
    if page >= 0 or feed >= 0:
        return page >= 0 and (feed < 0 or page < feed)
    return content_type.split(";", 1)[0].strip().lower() in _HTML_TYPES
