"""Turn one stored source item into an article: rewrite, guard, then publish or review."""

from __future__ import annotations

import logging
from functools import lru_cache

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from newsdesk.articles import stories
from newsdesk.articles.models import Article, Attribution, SourceItem
from newsdesk.articles.publishing import publish, save_with_unique_slug
from newsdesk.editorial import guard
from newsdesk.editorial.rewrite import RewriteOutcome, rewrite
from newsdesk.llm.base import Backend, SourceDocument
from newsdesk.llm.registry import build_backends

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def backends() -> dict[str, Backend]:
    """Backends built once per process from NEWSDESK_LLM_BACKENDS."""
    return build_backends(settings.NEWSDESK_LLM_BACKENDS)


def chosen_backends() -> tuple[Backend, Backend | None]:
    available = backends()
    primary_name, fallback_name = settings.NEWSDESK_LLM_BACKEND, settings.NEWSDESK_LLM_FALLBACK
    if primary_name not in available:
        raise ValueError(
            f"NEWSDESK_LLM_BACKEND={primary_name!r} is not one of {sorted(available)}"
        )
    fallback = available.get(fallback_name) if fallback_name else None
    return available[primary_name], fallback if fallback is not available[primary_name] else None


def source_document(item: SourceItem) -> SourceDocument:
    return SourceDocument(label=item.label, url=item.url, title=item.title, text=item.text)


def claim(item_id: int) -> SourceItem | None:
    """Mark an item as being processed, atomically: of several workers handed the same
    id, exactly one gets it."""
    claimed = SourceItem.objects.filter(pk=item_id, status=SourceItem.Status.PENDING).update(
        status=SourceItem.Status.PROCESSING, claimed_at=timezone.now()
    )
    if not claimed:
        return None
    return SourceItem.objects.select_related("source").get(pk=item_id)


def process_item(item_id: int) -> Article | None:
    """Process one pending item. Failures are recorded on the item, never raised, so one
    bad item cannot stop a worker."""
    item = claim(item_id)
    if item is None:
        return None
    try:
        primary, fallback = chosen_backends()
        # A story's article is written from every outlet's item and cites each of them.
        items = stories.story_items(item)
        documents = stories.documents(items)
        outcome = rewrite(documents, primary, fallback=fallback)
        verdict = guard.check(
            outcome.rewrite.headline,
            outcome.rewrite.paragraphs,
            [part for d in documents for part in (d.title, d.text)],
            allowed_labels={d.label for d in documents},
        )
        with transaction.atomic():
            article = _save_article(item, items, documents, outcome, verdict)
            if verdict.passed and settings.NEWSDESK_AUTO_PUBLISH:
                publish(article)
            else:
                # Not safe to show (or not allowed to go out alone): an editor decides.
                article.status = Article.Status.REVIEW
                article.save(update_fields=["status", "updated_at"])
            item.status, item.error = SourceItem.Status.DONE, ""
            item.save(update_fields=["status", "error"])
    except Exception as exc:  # one item's failure is recorded, never crashes the worker
        logger.exception("processing source item %s failed", item_id)
        SourceItem.objects.filter(pk=item_id).update(
            status=SourceItem.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        return None
    logger.info("source item %s -> article %s (%s)", item_id, article.pk, article.status)
    return article


def _save_article(
    item: SourceItem,
    items: list[SourceItem],
    documents: list[SourceDocument],
    outcome: RewriteOutcome,
    verdict: guard.Verdict,
) -> Article:
    """Create the story's article, or rewrite the one it already has (a source changed or
    another outlet joined the story)."""
    article = stories.story_article(item) or Article(source_item=item)
    article.headline = outcome.rewrite.headline[:300]
    article.body = "\n\n".join(outcome.rewrite.paragraphs)
    article.made_by = outcome.result.backend
    article.model_name = outcome.result.model
    article.prompt_version = outcome.prompt_version
    article.extractive = outcome.result.extractive
    article.guard_passed = verdict.passed
    article.guard_problems = [
        {"kind": p.kind, "span": p.span, "message": p.message} for p in verdict.problems
    ]
    if article.pk is None:
        save_with_unique_slug(article)
    else:
        article.save()
    article.attributions.all().delete()
    Attribution.objects.bulk_create([
        Attribution(article=article, source_item=member, label=doc.label, url=doc.url,
                    position=position)
        for position, (member, doc) in enumerate(zip(items, documents, strict=True))
    ])
    return article
