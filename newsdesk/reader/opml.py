"""OPML subscription lists in and out, as pure functions over bytes.

OPML is how feed readers move subscriptions between each other. Import reads every
``<outline>`` with an ``xmlUrl`` at any depth (folders become the category); export
writes OPML 2.0 that other readers accept. The parser never resolves entities or
loads anything from the network, since an OPML file is as untrusted as a feed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime

from lxml import etree

from newsdesk.reader.items import web_url

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True
)


class OpmlError(ValueError):
    """The document is not OPML we can read."""


@dataclass(frozen=True)
class OpmlFeed:
    url: str
    title: str = ""
    site_url: str = ""
    category: str = ""


@dataclass(frozen=True)
class OpmlImport:
    feeds: list[OpmlFeed]
    skipped: list[str]  # why each unusable outline was left out


def parse_opml(data: bytes) -> OpmlImport:
    """Every feed outline in document order; a feed URL listed twice is kept once."""
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise OpmlError(f"not well-formed XML: {exc}") from exc
    if root is None or not isinstance(root.tag, str) or etree.QName(root).localname != "opml":
        raise OpmlError("the document's root element is not <opml>")
    body = next((c for c in root if isinstance(c.tag, str) and c.tag == "body"), None)
    if body is None:
        raise OpmlError("the OPML document has no <body>")
    feeds: list[OpmlFeed] = []
    skipped: list[str] = []
    seen: set[str] = set()
    _walk(body, [], feeds, skipped, seen)
    return OpmlImport(feeds=feeds, skipped=skipped)


def _walk(
    parent: etree._Element,
    folders: list[str],
    feeds: list[OpmlFeed],
    skipped: list[str],
    seen: set[str],
) -> None:
    for outline in parent:
        if outline.tag != "outline":
            continue
        label = _clean(outline.get("title") or outline.get("text") or "")
        raw_url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if raw_url:
            url = web_url(raw_url)
            if not url:
                skipped.append(f"{label or raw_url}: {raw_url!r} is not an http(s) URL")
            elif url in seen:
                skipped.append(f"{label or url}: listed more than once")
            else:
                seen.add(url)
                feeds.append(
                    OpmlFeed(
                        url=url,
                        title=label,
                        site_url=web_url(outline.get("htmlUrl") or ""),
                        category="/".join(folders),
                    )
                )
        # Folders nest; a feed outline with children is unusual but legal.
        _walk(outline, [*folders, label] if not raw_url and label else folders, feeds,
              skipped, seen)


def _clean(text: str) -> str:
    return " ".join(text.split())


def export_opml(feeds: Iterable[OpmlFeed], *, title: str = "newsdesk sources",
                now: datetime | None = None) -> bytes:
    """OPML 2.0 with one folder per category, feeds in the order given."""
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = title
    etree.SubElement(head, "dateCreated").text = format_datetime(now or datetime.now(UTC))
    body = etree.SubElement(root, "body")
    folders: dict[str, etree._Element] = {}
    for feed in feeds:
        parent = body
        if feed.category:
            if feed.category not in folders:
                folders[feed.category] = etree.SubElement(
                    body, "outline", text=feed.category, title=feed.category
                )
            parent = folders[feed.category]
        attributes = {"type": "rss", "text": feed.title or feed.url, "xmlUrl": feed.url}
        if feed.title:
            attributes["title"] = feed.title
        if feed.site_url:
            attributes["htmlUrl"] = feed.site_url
        etree.SubElement(parent, "outline", attributes)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
