"""RSS and Atom feeds, parsed from bytes we already fetched, into RawItems.

feedparser is forgiving on purpose, so this module decides what counts as "not a
feed at all" (MalformedFeed) versus "a sloppy feed whose entries we can still use".
It never lets feedparser touch the network: it is only ever handed a byte stream.
"""

from __future__ import annotations

import calendar
import io
import re
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Final

import feedparser

from newsdesk.reader.feedtypes import MalformedFeed, ParsedFeed
from newsdesk.reader.items import ItemError, RawItem, normalise_text, web_url
from newsdesk.reader.jsonfeed import looks_like_json_feed, parse_json_feed
from newsdesk.reader.sanitize import html_to_text, sanitize_html

__all__ = ["MalformedFeed", "ParsedFeed", "parse_feed"]

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "html", "xhtml"})
# feedparser spends milliseconds per entry; a feed with 50,000 entries would hold a
# worker for minutes. Feeds list newest first, so the first entries are the ones we want.
MAX_ENTRIES: Final = 1000
_ENTRY_END: Final = re.compile(rb"</(?:[A-Za-z0-9_-]+:)?(?:item|entry)\s*>", re.IGNORECASE)

# Without a declared type feedparser flags a perfectly good feed as bozo; an XML
# media type without charset lets the document's own declaration decide.
_DEFAULT_CONTENT_TYPE = "application/xml"


def parse_feed(
    data: bytes,
    *,
    feed_url: str,
    outlet: str = "",
    content_type: str = "",
    max_entries: int = MAX_ENTRIES,
) -> ParsedFeed:
    """Parse an RSS 0.9x/1.0/2.0, Atom 0.3/1.0 or JSON Feed 1.x document into RawItems.

    ``content_type`` is the server's Content-Type header, when known; it helps
    feedparser pick the right character encoding.
    """
    if looks_like_json_feed(data, content_type):
        return parse_json_feed(data, feed_url=feed_url, outlet=outlet)
    data, cut_after = _first_entries(data, max_entries)
    parsed = feedparser.parse(
        io.BytesIO(data),
        response_headers={
            "content-location": feed_url,
            "content-type": content_type or _DEFAULT_CONTENT_TYPE,
        },
    )
    entries: list[Mapping[str, Any]] = list(parsed.get("entries") or [])
    channel: Mapping[str, Any] = parsed.get("feed") or {}
    feed_title = _one_line(_text_of(channel, "title"))
    _reject_non_feed(parsed, entries, feed_title, feed_url, data)

    items: list[RawItem] = []
    errors: list[ItemError] = []
    for number, entry in enumerate(entries, start=1):
        origin = f"{feed_url} entry {number}"
        try:
            items.append(_entry_to_item(entry, origin, outlet or feed_title))
        except ItemError as error:
            errors.append(error)
    if cut_after:
        errors.append(ItemError(
            feed_url, f"the feed has more than {cut_after} entries; only the first "
            f"{cut_after} were read"))
    hubs, self_url = _push_links(channel)
    return ParsedFeed(
        title=feed_title,
        link=web_url(str(channel.get("link") or "")),
        items=items,
        errors=errors,
        hubs=hubs,
        self_url=self_url,
    )


def _push_links(channel: Mapping[str, Any]) -> tuple[tuple[str, ...], str]:
    """The WebSub hubs (``rel="hub"``) and the feed's own address (``rel="self"``) its
    links name, RSS's atom:link and Atom's link alike."""
    hubs: list[str] = []
    self_url = ""
    for link in channel.get("links") or []:
        rel, href = str(link.get("rel") or ""), web_url(str(link.get("href") or ""))
        if not href:
            continue
        if rel == "hub" and href not in hubs:
            hubs.append(href)
        elif rel == "self" and not self_url:
            self_url = href
    return tuple(hubs), self_url


def _first_entries(data: bytes, limit: int) -> tuple[bytes, int]:
    """The document cut after its ``limit``-th entry, and ``limit`` if it was cut (else 0).

    The cut document is unclosed; feedparser's lenient parser reads it, so the kept
    entries come through intact.
    """
    for ends, match in enumerate(_ENTRY_END.finditer(data), start=1):
        if ends == limit:
            rest = data[match.end():]
            if _ENTRY_END.search(rest) is None:
                return data, 0  # exactly ``limit`` entries: nothing to cut
            return data[: match.end()], limit
    return data, 0


def _reject_non_feed(
    parsed: Mapping[str, Any],
    entries: list[Mapping[str, Any]],
    feed_title: str,
    feed_url: str,
    data: bytes,
) -> None:
    """Raise MalformedFeed unless feedparser recognised a feed or salvaged something."""
    if entries:
        return  # Broken or not, entries we can read are worth keeping.
    recognised = bool(parsed.get("version"))
    bozo = bool(parsed.get("bozo"))
    if recognised and not (bozo and not feed_title):
        return  # A valid feed that simply has no entries right now.
    if not data.strip():
        reason = "the document is empty"
    elif bozo:
        reason = str(parsed.get("bozo_exception") or "not well-formed")
    else:
        reason = "no RSS or Atom elements found"
    raise MalformedFeed(f"{feed_url} is not an RSS or Atom feed: {reason}")


def _entry_to_item(entry: Mapping[str, Any], origin: str, outlet: str) -> RawItem:
    title = _one_line(_text_of(entry, "title"))
    text, html = _entry_text(entry)
    if not title and not text:
        raise ItemError(origin, "entry has neither a title nor any text")
    link = web_url(str(entry.get("link") or ""))
    return RawItem(
        title=title,
        text=text,
        origin=origin,
        url=link,
        outlet=outlet,
        guid=str(entry.get("id") or link),
        published_at=_entry_date(entry),
        html=html,
    )


def _entry_text(entry: Mapping[str, Any]) -> tuple[str, str]:
    """Full content when the feed carries it, else the summary: as plain text, and as
    sanitized HTML when it was HTML (sanitize runs before storage, and again at render)."""
    contents: list[Mapping[str, Any]] = [c for c in entry.get("content") or [] if c]
    if contents:
        html_first = sorted(contents, key=lambda c: str(c.get("type", "")) not in _HTML_TYPES)
        chosen = html_first[0]
        value, media_type = str(chosen.get("value") or ""), str(chosen.get("type") or "")
    else:
        detail: Mapping[str, Any] = entry.get("summary_detail") or {}
        value = str(entry.get("summary") or "")
        media_type = str(detail.get("type") or "text/html")
    html = sanitize_html(value) if value and media_type.lower() in _HTML_TYPES else ""
    return _to_text(value, media_type), html


def _text_of(source: Mapping[str, Any], key: str) -> str:
    detail: Mapping[str, Any] = source.get(f"{key}_detail") or {}
    return _to_text(str(source.get(key) or ""), str(detail.get("type") or "text/plain"))


def _to_text(value: str, media_type: str) -> str:
    if media_type.lower() in _HTML_TYPES:
        return html_to_text(value)
    return normalise_text(value)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _entry_date(entry: Mapping[str, Any]) -> datetime | None:
    """feedparser's parsed dates are UTC struct_times; make them aware datetimes."""
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            try:
                return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
            except (OverflowError, OSError, ValueError):
                continue
    return None
