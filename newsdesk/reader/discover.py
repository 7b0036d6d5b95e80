"""Find the feeds a web page advertises, so an operator can paste a site's address.

Sites announce feeds with ``<link rel="alternate" type="application/rss+xml" href=…>``
in their head (the RSS autodiscovery convention; Atom and JSON Feed use the same
element with their own media types). Links are resolved against the page's URL,
honouring ``<base href>``, and only http(s) results are returned.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final
from urllib.parse import urljoin

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
