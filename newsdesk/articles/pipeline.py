"""Turn one stored source item into an article: rewrite, guard, then publish or review."""

from __future__ import annotations

import logging
from typing import Any

from newsdesk import conf
from newsdesk.articles import sourcing
from newsdesk.articles.models import Article, ArticleVersion, ReviewAction
from newsdesk.articles.runs import RunRecorder
from newsdesk.articles.workflow import apply_rewrite, record
from newsdesk.editorial.rewrite.written import write_checked
from newsdesk.intake import stories
from newsdesk.intake.claims import claim
from newsdesk.intake.models import SourceItem
from newsdesk.llm.base import Backend
from newsdesk.llm.registry import get_backends

logger = logging.getLogger(__name__)


def chosen_backends() -> tuple[Backend, Backend | None]:
    """The configured backend and fallback, as the one resolver chooses them."""
    llm = conf.options().llm
    return get_backends(llm.backend, llm.fallback, llm.backends)


def process_item(item_id: int) -> Article | None:
    """Process one pending item. Failures are recorded on the item, never raised, so one
    bad item cannot stop a worker."""
    item = claim(item_id)
    if item is None:
        return None
    try:
        article = rewrite_item(item, reason=ArticleVersion.Reason.REWRITE)
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


def rewrite_item(item: SourceItem, *, reason: str, user: Any = None,
                 allow_publish: bool = True) -> Article:
    """Rewrite, house-style and guard one item, logging every LLM call as a run record,
    then hand the result to the workflow (publish, update, or review)."""
    primary, fallback = chosen_backends()
    # A story's article is written from every outlet's item and cites each of them.
    members = stories.story_items(item)
    documents = sourcing.documents(members)
    recorder = RunRecorder(item, sourcing.story_article(item, lock=False))
    written = write_checked(documents, primary, fallback=fallback, observer=recorder,
                            placeholder_title=item.title)
    article = apply_rewrite(
        item, written.checked, made_by=written.made_by, model_name=written.model_name,
        prompt_version=written.prompt_version, extractive=written.extractive, reason=reason,
        user=user, allow_publish=allow_publish, story=members,
    )
    recorder.link(article)
    return article


def regenerate(article: Article, user: Any) -> Article:
    """An editor asked for a fresh rewrite: it always waits for review, never goes out alone."""
    item = SourceItem.objects.select_related("source").get(pk=article.source_item_id)
    regenerated = rewrite_item(item, reason=ArticleVersion.Reason.REGENERATE, user=user,
                               allow_publish=False)
    record(regenerated, ReviewAction.Action.REGENERATE, user=user,
           version=regenerated.versions.first())
    return regenerated
