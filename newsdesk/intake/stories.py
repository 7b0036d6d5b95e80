"""Stories: near-duplicate items from different outlets become one story with one article.

An item's MinHash bands are stored in an index; a new item looks up only the items that
share a band and were seen in the last ``NEWSDESK_STORY_WINDOW_DAYS`` days, checks the
estimated similarity, and joins the best match's story (or starts its own). The pipeline
then writes the story's one article from every item in it, attributing each outlet
(``articles.sourcing``).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from newsdesk import conf
from newsdesk.intake.models import SourceItem, Story, StoryBand
from newsdesk.reader import neardup

logger = logging.getLogger(__name__)


def assign_stories(new: list[SourceItem]) -> None:
    """Save new (unsaved) items with their MinHash and band index, each in the story of its
    closest recent near-duplicate — stored earlier or earlier in this batch.

    A story is made when the second report arrives, so a one-off item costs no story row.
    Candidates come from one indexed lookup of the batch's band keys; only they are
    compared. Call inside the batch's transaction.
    """
    keys_of: list[list[int]] = []
    for item in new:
        item.signature = neardup.signature(f"{item.title}\n\n{item.text}")
        keys_of.append(neardup.band_keys(item.signature))
    stored = _stored_candidates({key for keys in keys_of for key in keys})
    batch_bands: dict[int, list[SourceItem]] = {}
    threshold: float = conf.options().stories.similarity
    for item, keys in zip(new, keys_of, strict=True):
        candidates: dict[int, SourceItem] = {}
        for key in keys:
            for candidate in stored.get(key, []) + batch_bands.get(key, []):
                candidates[id(candidate)] = candidate
        best, best_score = None, 0.0
        for candidate in candidates.values():
            score = neardup.similarity(item.signature, candidate.signature)
            if score >= threshold and score > best_score:
                best, best_score = candidate, score
        if best is not None:
            item.story = _story_of(best)
        for key in keys:
            batch_bands.setdefault(key, []).append(item)
    SourceItem.objects.bulk_create(new)
    StoryBand.objects.bulk_create(
        [StoryBand(key=key, item=item) for item, keys in zip(new, keys_of, strict=True)
         for key in keys]
    )
    joined = [item.pk for item in new if item.story_id is not None]
    if joined:
        logger.info("source items %s joined stories", joined[:20])


def _stored_candidates(keys: set[int]) -> dict[int, list[SourceItem]]:
    """Stored items of the last few days sharing any of ``keys``, by key."""
    if not keys:
        return {}
    since = timezone.now() - timedelta(days=conf.options().stories.window_days)
    pairs = list(
        StoryBand.objects.filter(key__in=keys, created_at__gte=since)
        .values_list("key", "item_id")[:5000]
    )
    items = SourceItem.objects.in_bulk({item_id for _, item_id in pairs})
    by_key: dict[int, list[SourceItem]] = {}
    for key, item_id in pairs:
        by_key.setdefault(key, []).append(items[item_id])
    return by_key


def _story_of(best: SourceItem) -> Story:
    """The story of ``best``, made now if ``best`` was a one-off until this report."""
    if best.pk is not None and connection_locks():
        # Two new reports of one item in two transactions must not make two stories.
        best.story_id = (
            SourceItem.objects.select_for_update().values_list("story_id", flat=True)
            .get(pk=best.pk)
        )
    if best.story_id is None:
        best.story = Story.objects.create(title=best.title[:500])
        if best.pk is not None:
            SourceItem.objects.filter(pk=best.pk).update(story=best.story)
    elif best.story is None or best.story.pk != best.story_id:
        best.story = Story.objects.get(pk=best.story_id)
    assert best.story is not None
    return best.story


def story_items(item: SourceItem) -> list[SourceItem]:
    """The items an article about ``item`` draws on: its story's items, first seen first,
    one per label (an outlet that reported twice is cited once, by its earliest item)."""
    if item.story_id is None:
        return [item]
    items = list(
        SourceItem.objects.filter(story_id=item.story_id)
        .exclude(status=SourceItem.Status.FAILED)
        .select_related("source")
        .order_by("fetched_at", "id")
    )
    if item.pk not in {i.pk for i in items}:
        items.insert(0, item)
    chosen: dict[str, SourceItem] = {}
    for member in items:
        chosen.setdefault(member.label, member)
    return list(chosen.values())


def connection_locks() -> bool:
    """Row locks exist on PostgreSQL; SQLite's IMMEDIATE transactions already serialise
    writers, so the lock there is the transaction itself."""
    return bool(transaction.get_connection().features.has_select_for_update)
