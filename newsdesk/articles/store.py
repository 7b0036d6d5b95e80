"""Store read items as the fact base: each item once, however often it is seen.

An item is recognised by, in order: its key within the source (a GUID, else its
canonical URL), its canonical URL within the source (feeds that change GUIDs), and its
content hash within the source (a copy re-posted under a new key, re-titled or
re-dated). Every write is one transaction keyed on (source, key), so a worker killed
mid-ingest leaves each item either stored whole or not at all, and a rerun stores it once.
"""

from __future__ import annotations

import enum

from django.db import IntegrityError, transaction

from newsdesk.articles.models import SourceItem
from newsdesk.articles.stories import assign_story
from newsdesk.reader.items import RawItem, content_hash
from newsdesk.reader.urls import canonical_url
from newsdesk.sources.models import Source


class Stored(enum.StrEnum):
    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    DUPLICATE = "duplicate"


def item_key(raw: RawItem) -> str:
    """The stable identity of an item within its source: a GUID (canonicalised when it is
    a URL, as RSS permalinks are), else the canonical URL, else the content hash."""
    guid = raw.guid.strip()
    if guid:
        return canonical_url(guid)[:2000]
    if raw.url.strip():
        return canonical_url(raw.url)[:2000]
    return content_hash(raw.text)


def _find(
    source: Source, key: str, url: str, digest: str, *, has_guid: bool
) -> tuple[SourceItem | None, bool]:
    """The stored item this one is, and whether it was found by its identity (key or
    link) rather than only by its text.

    A link alone identifies an item only when the item has no GUID of its own or the
    text matches too: some feeds point every entry at one landing page."""
    mine = SourceItem.objects.filter(source=source)
    existing = mine.filter(key=key).first()
    if existing is None and url:
        by_link = mine.filter(canonical_url=url)
        existing = (by_link if not has_guid else by_link.filter(content_hash=digest)).first()
    if existing is not None:
        return existing, True
    return mine.filter(content_hash=digest).first(), False


def store_item(source: Source, raw: RawItem) -> Stored:
    """Insert or update one item. A known item with the same text is unchanged (a new
    title or date alone does not make it news again); changed text updates it and sends
    it back to be processed; the same text under another key is a duplicate."""
    digest = content_hash(raw.text)
    key = item_key(raw)
    url = canonical_url(raw.url)[:2000] if raw.url.strip() else ""
    try:
        with transaction.atomic():
            existing, by_identity = _find(source, key, url, digest, has_guid=bool(raw.guid.strip()))
            if existing is None:
                item = SourceItem.objects.create(
                    source=source,
                    key=key,
                    url=raw.url[:2000],
                    canonical_url=url,
                    title=raw.title[:500],
                    outlet=(raw.outlet or source.outlet)[:200],
                    text=raw.text,
                    published_at=raw.published_at,
                    content_hash=digest,
                )
                assign_story(item)
                return Stored.NEW
            if existing.content_hash == digest:
                return Stored.UNCHANGED if by_identity else Stored.DUPLICATE
            if SourceItem.objects.filter(source=source, content_hash=digest).exists():
                return Stored.DUPLICATE
            _update(existing, raw, digest)
            return Stored.UPDATED
    except IntegrityError:
        # Another worker stored the same item between our lookup and our insert.
        return Stored.UNCHANGED


def _update(existing: SourceItem, raw: RawItem, digest: str) -> None:
    existing.text = raw.text
    existing.title = raw.title[:500]
    existing.content_hash = digest
    existing.published_at = raw.published_at or existing.published_at
    existing.status = SourceItem.Status.PENDING
    existing.error = ""
    existing.save()
