"""Stories: near-duplicate items from different outlets become one story with one article.

An item's MinHash bands are stored in an index; a new item looks up only the items that
share a band and were seen in the last ``NEWSDESK_STORY_WINDOW_DAYS`` days, checks the
estimated similarity, and joins the best match's story (or starts its own). The pipeline
then writes the story's one article from every item in it, attributing each outlet.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from newsdesk.articles.models import Article, SourceItem, Story, StoryBand
from newsdesk.llm.base import SourceDocument
from newsdesk.reader import neardup

logger = logging.getLogger(__name__)


def assign_story(item: SourceItem) -> Story:
    """Index the item's bands and put it in the story of its closest recent near-duplicate
    from another source, or in a story of its own. Call inside the item's transaction."""
    item.signature = neardup.signature(f"{item.title}\n\n{item.text}")
    keys = neardup.band_keys(item.signature)
    best = _closest(item, keys)
    story = best.story if best is not None and best.story is not None else None
    if story is None:
        story = Story.objects.create(title=item.title[:500])
    else:
        logger.info("source item %s joins story %s (near-duplicate of item %s)",
                    item.pk, story.pk, best.pk if best else None)
    item.story = story
    item.save(update_fields=["signature", "story"])
    StoryBand.objects.bulk_create([StoryBand(key=key, item=item) for key in keys])
    return story


def _closest(item: SourceItem, keys: list[int]) -> SourceItem | None:
    if not keys:
        return None
    since = timezone.now() - timedelta(days=settings.NEWSDESK_STORY_WINDOW_DAYS)
    candidate_ids = set(
        StoryBand.objects.filter(key__in=keys, created_at__gte=since)
        .exclude(item_id=item.pk)
        .values_list("item_id", flat=True)[:200]
    )
    best: SourceItem | None = None
    best_score = 0.0
    threshold: float = settings.NEWSDESK_STORY_SIMILARITY
    for candidate in SourceItem.objects.filter(pk__in=candidate_ids).order_by("id"):
        score = neardup.similarity(item.signature, candidate.signature)
        if score >= threshold and score > best_score:
            best, best_score = candidate, score
    return best


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


def documents(items: list[SourceItem]) -> list[SourceDocument]:
    return [SourceDocument(label=i.label, url=i.url, title=i.title, text=i.text) for i in items]


def story_article(item: SourceItem) -> Article | None:
    """The article already written for the item's story (or for the item itself), locked
    for this transaction so two workers never write two articles for one story."""
    if item.story_id is not None and connection_locks():
        Story.objects.select_for_update().filter(pk=item.story_id).first()
    if item.story_id is None:
        return item.articles.first()
    return (
        Article.objects.filter(source_item__story_id=item.story_id).order_by("id").first()
        or item.articles.first()
    )


def connection_locks() -> bool:
    """Row locks exist on PostgreSQL; SQLite's IMMEDIATE transactions already serialise
    writers, so the lock there is the transaction itself."""
    return bool(transaction.get_connection().features.has_select_for_update)
