"""Store read items as the fact base: each item once, however often it is seen."""

from __future__ import annotations

import enum

from django.db import IntegrityError, transaction

from newsdesk.articles.models import SourceItem
from newsdesk.reader.items import RawItem, content_hash
from newsdesk.sources.models import Source


class Stored(enum.StrEnum):
    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    DUPLICATE = "duplicate"


def store_item(source: Source, raw: RawItem) -> Stored:
    """Insert or update one item, keyed on (source, key); identical text seen under any
    other key or source is a duplicate and is not stored again."""
    digest = content_hash(raw.text)
    key = raw.key[:2000]
    existing = SourceItem.objects.filter(source=source, key=key).first()
    if existing is not None:
        if existing.content_hash == digest:
            return Stored.UNCHANGED
        if SourceItem.objects.filter(content_hash=digest).exists():
            return Stored.DUPLICATE
        existing.text = raw.text
        existing.title = raw.title[:500]
        existing.content_hash = digest
        existing.published_at = raw.published_at or existing.published_at
        existing.status = SourceItem.Status.PENDING
        existing.error = ""
        existing.save()
        return Stored.UPDATED
    if SourceItem.objects.filter(content_hash=digest).exists():
        return Stored.DUPLICATE
    try:
        with transaction.atomic():
            SourceItem.objects.create(
                source=source,
                key=key,
                url=raw.url[:2000],
                title=raw.title[:500],
                outlet=(raw.outlet or source.outlet)[:200],
                text=raw.text,
                published_at=raw.published_at,
                content_hash=digest,
                labels=_labels(raw),
            )
    except IntegrityError:
        # Another worker stored the same item between our check and our insert.
        return Stored.UNCHANGED
    return Stored.NEW


def _labels(raw: RawItem) -> dict[str, object]:
    """The section and tags a source suggests, kept until the item becomes an article."""
    labels: dict[str, object] = {}
    if raw.section:
        labels["section"] = raw.section
    if raw.tags:
        labels["tags"] = list(raw.tags)
    return labels
