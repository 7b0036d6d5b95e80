"""JSON Feed 1.0 / 1.1 documents into RawItems; feedparser 6 reads only XML feeds.

The format is small (https://www.jsonfeed.org/version/1.1/): a top-level object with
``version``, ``title`` and ``items``; each item has an ``id`` and content as
``content_html`` and/or ``content_text``. We accept what we can read and report the
rest per item, as the XML reader does.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any, Final

from newsdesk.reader.feedtypes import MalformedFeed, ParsedFeed
from newsdesk.reader.items import ItemError, RawItem, normalise_text, web_url
from newsdesk.reader.sanitize import html_to_text, sanitize_html

_VERSION_PREFIX: Final = "https://jsonfeed.org/version/"


def looks_like_json_feed(data: bytes, content_type: str = "") -> bool:
    """JSON by media type, or a document that starts with "{" (after a BOM/whitespace)."""
    media = content_type.split(";", 1)[0].strip().lower()
    if media in {"application/feed+json", "application/json"}:
        return True
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def parse_json_feed(data: bytes, *, feed_url: str, outlet: str = "") -> ParsedFeed:
    try:
        document = json.loads(data.decode("utf-8-sig", errors="replace"))
    except json.JSONDecodeError as exc:
        raise MalformedFeed(
            f"{feed_url} is not a JSON Feed: {exc.msg} at line {exc.lineno}"
        ) from exc
    except RecursionError as exc:
        raise MalformedFeed(f"{feed_url} is not a JSON Feed: nested too deeply") from exc
    if not isinstance(document, dict):
        raise MalformedFeed(f"{feed_url} is not a JSON Feed: the top level is not an object")
    version = _string(document.get("version"))
    raw_items = document.get("items")
    if not version.startswith(_VERSION_PREFIX) and not isinstance(raw_items, list):
        raise MalformedFeed(f"{feed_url} is not a JSON Feed: no version and no items")
    title = " ".join(normalise_text(_string(document.get("title"))).split())
    items: list[RawItem] = []
    errors: list[ItemError] = []
    for number, entry in enumerate(raw_items if isinstance(raw_items, list) else [], start=1):
        origin = f"{feed_url} item {number}"
        try:
            items.append(_item(entry, origin, outlet or title))
        except ItemError as error:
            errors.append(error)
    return ParsedFeed(
        title=title, link=web_url(_string(document.get("home_page_url"))), items=items,
        errors=errors, hubs=_websub_hubs(document.get("hubs")),
        self_url=web_url(_string(document.get("feed_url"))),
    )


def _websub_hubs(hubs: object) -> tuple[str, ...]:
    """JSON Feed's ``hubs``: the WebSub ones' URLs (other kinds of hub are not ours)."""
    found: list[str] = []
    for hub in hubs if isinstance(hubs, list) else []:
        if isinstance(hub, dict) and _string(hub.get("type")).lower() == "websub":
            url = web_url(_string(hub.get("url")))
            if url and url not in found:
                found.append(url)
    return tuple(found)


def _item(entry: object, origin: str, outlet: str) -> RawItem:
    if not isinstance(entry, dict):
        raise ItemError(origin, "expected a JSON object")
    html = _string(entry.get("content_html"))
    text_only = _string(entry.get("content_text"))
    summary = _string(entry.get("summary"))
    text = html_to_text(html) if html else normalise_text(text_only or summary)
    title = " ".join(normalise_text(_string(entry.get("title"))).split())
    if not title and not text:
        raise ItemError(origin, "item has neither a title nor any content")
    url = web_url(_string(entry.get("url")) or _string(entry.get("external_url")))
    return RawItem(
        title=title,
        text=text,
        origin=origin,
        url=url,
        outlet=outlet,
        guid=_string(entry.get("id")) or url,
        published_at=_date(entry.get("date_published") or entry.get("date_modified")),
        html=sanitize_html(html) if html else "",
    )


def _string(value: Any) -> str:
    """JSON Feed ids may be numbers; anything else that is not a string counts as absent."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _date(value: Any) -> datetime | None:
    """RFC 3339 as the spec requires; anything unreadable is simply no date."""
    text = _string(value)
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)
