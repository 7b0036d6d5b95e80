"""Store read items as the fact base: each item once, however often it is seen.

An item is recognised by, in order: its key within the source (a GUID, else its
canonical URL), its canonical URL within the source (feeds that change GUIDs), and its
content hash within the source (a copy re-posted under a new key, re-titled or
re-dated). Items are stored a batch per transaction, keyed on (source, key): a worker
killed mid-ingest leaves each batch either stored whole or not at all, and a rerun
stores every item exactly once. A batch costs a handful of queries, not a few per item.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q

from newsdesk.intake.models import Source, SourceItem
from newsdesk.intake.stories import assign_stories
from newsdesk.reader.items import RawItem, content_hash
from newsdesk.reader.urls import canonical_url

BATCH_SIZE = 100


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


def teaser_hash(raw: RawItem) -> str:
    """The hash a completed teaser is remembered by ("" when the text is the feed's own)."""
    return content_hash(raw.teaser) if raw.teaser else ""


@dataclass
class _Seen:
    raw: RawItem
    key: str
    url: str
    digest: str


def _seen(raw: RawItem) -> _Seen:
    url = canonical_url(raw.url)[:2000] if raw.url.strip() else ""
    return _Seen(raw, item_key(raw), url, content_hash(raw.text))


class _Known:
    """The source's stored items that a batch could be, looked up in one query."""

    def __init__(self, source: Source, batch: Sequence[_Seen]) -> None:
        match = Q(key__in={s.key for s in batch}) | Q(content_hash__in={s.digest for s in batch})
        urls = {s.url for s in batch if s.url}
        if urls:
            match |= Q(canonical_url__in=urls)
        self.by_key: dict[str, SourceItem] = {}
        self.by_url: dict[str, list[SourceItem]] = {}
        self.by_digest: dict[str, SourceItem] = {}
        for row in SourceItem.objects.filter(source=source).filter(match).defer("signature"):
            self.add(row)

    def add(self, row: SourceItem) -> None:
        self.by_key[row.key] = row
        self.by_digest.setdefault(row.content_hash, row)
        if row.canonical_url:
            self.by_url.setdefault(row.canonical_url, []).append(row)

    def find(self, seen: _Seen) -> tuple[SourceItem | None, bool]:
        """The stored item, and whether it was found by identity (key or link) rather than
        only by its text. A link alone identifies an item only when the item has no GUID
        of its own or the text matches too: some feeds point every entry at one page."""
        row = self.by_key.get(seen.key)
        if row is None and seen.url:
            has_guid = bool(seen.raw.guid.strip())
            row = next((r for r in self.by_url.get(seen.url, [])
                        if not has_guid or r.content_hash == seen.digest), None)
        if row is not None:
            return row, True
        return self.by_digest.get(seen.digest), False


def store_item(source: Source, raw: RawItem) -> Stored:
    """Store one item (see ``store_items``)."""
    return store_items(source, [raw])[0]


def store_items(source: Source, raws: Sequence[RawItem]) -> list[Stored]:
    """Insert or update items of one source, in order, one transaction per batch.

    A known item with the same text is unchanged (a new title or date alone does not make
    it news again); changed text updates it and sends it back to be processed; the same
    text under another key is a duplicate."""
    outcomes: list[Stored] = []
    for start in range(0, len(raws), BATCH_SIZE):
        batch = [_seen(raw) for raw in raws[start:start + BATCH_SIZE]]
        try:
            with transaction.atomic():
                outcomes += _store_batch(source, batch)
        except IntegrityError:
            # Another worker stored some of these between our lookup and our insert:
            # take them one at a time, each in its own transaction.
            outcomes += [_store_one_retrying(source, seen) for seen in batch]
    return outcomes


def _store_one_retrying(source: Source, seen: _Seen) -> Stored:
    try:
        with transaction.atomic():
            return _store_batch(source, [seen])[0]
    except IntegrityError:
        return Stored.UNCHANGED


def _store_batch(source: Source, batch: list[_Seen]) -> list[Stored]:
    known = _Known(source, batch)
    outcomes: list[Stored] = []
    new: list[SourceItem] = []
    for seen in batch:
        existing, by_identity = known.find(seen)
        if existing is None:
            item = SourceItem(
                source=source,
                key=seen.key,
                url=seen.raw.url[:2000],
                canonical_url=seen.url,
                title=seen.raw.title[:500],
                outlet=(seen.raw.outlet or source.outlet)[:200],
                text=seen.raw.text,
                published_at=seen.raw.published_at,
                content_hash=seen.digest,
                teaser_hash=teaser_hash(seen.raw),
                labels=_labels(seen.raw),
            )
            new.append(item)
            known.add(item)  # a repeat later in the same batch is then recognised
            outcomes.append(Stored.NEW)
        elif existing.content_hash == seen.digest:
            if by_identity:
                _remember_teaser(existing, seen.raw)
            outcomes.append(Stored.UNCHANGED if by_identity else Stored.DUPLICATE)
        elif seen.digest in known.by_digest:
            outcomes.append(Stored.DUPLICATE)
        else:
            if known.by_digest.get(existing.content_hash) is existing:
                del known.by_digest[existing.content_hash]
            _update(existing, seen)
            known.by_digest[seen.digest] = existing
            outcomes.append(Stored.UPDATED)
    if new:
        assign_stories(new)  # saves the new items with their stories and band index
    return outcomes


def _remember_teaser(existing: SourceItem, raw: RawItem) -> None:
    """The same page text reached through a new teaser: remember the teaser, so the next
    read of the feed need not fetch the page again."""
    if raw.teaser and existing.teaser_hash != (wanted := teaser_hash(raw)):
        existing.teaser_hash = wanted
        existing.save(update_fields=["teaser_hash"])


def _update(existing: SourceItem, seen: _Seen) -> None:
    existing.text = seen.raw.text
    existing.title = seen.raw.title[:500]
    existing.content_hash = seen.digest
    existing.teaser_hash = teaser_hash(seen.raw)
    existing.published_at = seen.raw.published_at or existing.published_at
    existing.labels = _labels(seen.raw) or existing.labels
    existing.status = SourceItem.Status.PENDING
    existing.error = ""
    existing.save(update_fields=["text", "title", "content_hash", "teaser_hash", "published_at",
                                 "labels", "status", "error"])


def _labels(raw: RawItem) -> dict[str, object]:
    """The section and tags a source suggests, kept until the item becomes an article."""
    labels: dict[str, object] = {}
    if raw.section:
        labels["section"] = raw.section
    if raw.tags:
        labels["tags"] = list(raw.tags)
    return labels
