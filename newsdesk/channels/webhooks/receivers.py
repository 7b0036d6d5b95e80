"""The webhooks channel's subscription to the publication event (``articles.events``).

Each receiver runs after the change committed and only enqueues: the announcement task
runs when the event may be told — now, or at an embargoed article's ``published_at`` —
and reads the article through ``published()`` then.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from newsdesk.articles.events import (
    Placement,
    article_published,
    article_updated,
    article_withdrawn,
)
from newsdesk.channels.webhooks.announce import PUBLISHED, UPDATED, WITHDRAWN
from newsdesk.channels.webhooks.tasks import enqueue_announcement


def _published(sender: Any, *, article_id: int, placement: Placement, **kwargs: Any) -> None:
    enqueue_announcement(PUBLISHED, article_id, placement, when=placement.published_at)


def _updated(sender: Any, *, article_id: int, placement: Placement, before: Placement,
             **kwargs: Any) -> None:
    # Still under embargo before this change: nobody was told of it yet, so at its time
    # it is announced as published (once, however often its time moved), not as updated.
    kind = PUBLISHED if before.published_at > timezone.now() else UPDATED
    enqueue_announcement(kind, article_id, placement, when=placement.published_at)


def _withdrawn(sender: Any, *, article_id: int, before: Placement, **kwargs: Any) -> None:
    if before.published_at > timezone.now():
        return  # withdrawn before its embargo ended: it was never told, so nothing to take back
    enqueue_announcement(WITHDRAWN, article_id, before, when=None)


def connect() -> None:
    article_published.connect(_published, dispatch_uid="webhooks-published")
    article_updated.connect(_updated, dispatch_uid="webhooks-updated")
    article_withdrawn.connect(_withdrawn, dispatch_uid="webhooks-withdrawn")
