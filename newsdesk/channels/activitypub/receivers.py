"""The channel's side of the publication event (``articles.events``): each event enqueues
the article's sync with its id, and the task decides what to send from what is public
when it runs. A release for later (an embargo) is enqueued for its time, so the fediverse
hears of it then and not a moment before."""

from __future__ import annotations

from typing import Any

from newsdesk.articles.events import (
    Placement,
    article_published,
    article_updated,
    article_withdrawn,
)
from newsdesk.channels.activitypub import actors
from newsdesk.channels.activitypub.tasks import schedule_sync


def _published(sender: Any, *, article_id: int, placement: Placement, **kwargs: Any) -> None:
    if actors.enabled():
        schedule_sync(article_id, "published", placement.published_at)


def _updated(sender: Any, *, article_id: int, placement: Placement, **kwargs: Any) -> None:
    if actors.enabled():
        schedule_sync(article_id, "updated", placement.published_at)


def _withdrawn(sender: Any, *, article_id: int, **kwargs: Any) -> None:
    if actors.enabled():
        schedule_sync(article_id, "withdrawn")


def connect() -> None:
    article_published.connect(_published, dispatch_uid="activitypub-published")
    article_updated.connect(_updated, dispatch_uid="activitypub-updated")
    article_withdrawn.connect(_withdrawn, dispatch_uid="activitypub-withdrawn")
