"""The WebSub channel's subscriptions: to the publication event (its feeds changed: ping
the hubs) and to intake's ``source_read`` (a source's feed names a hub: subscribe).

Receivers run after the change committed and only enqueue or mark; the work is tasks.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from newsdesk import conf
from newsdesk.articles.events import (
    Placement,
    article_published,
    article_updated,
    article_withdrawn,
)
from newsdesk.channels.websub import subscribing
from newsdesk.channels.websub.publishing import feed_topics
from newsdesk.channels.websub.tasks import enqueue_pings, enqueue_subscribe
from newsdesk.intake.reports import IngestReport
from newsdesk.intake.signals import source_read


def _feeds_changed(*placements: Placement) -> None:
    hubs = conf.options().websub.hubs
    if not hubs:
        return
    # The feeds change when the article shows in them: now, or when its embargo ends.
    when = max([timezone.now(), *(p.published_at for p in placements[:1])])
    enqueue_pings([(hub, topic) for topic in feed_topics(*placements) for hub in hubs], when)


def _published(sender: Any, *, placement: Placement, **kwargs: Any) -> None:
    _feeds_changed(placement)


def _updated(sender: Any, *, placement: Placement, before: Placement, **kwargs: Any) -> None:
    _feeds_changed(placement, before)


def _withdrawn(sender: Any, *, before: Placement, **kwargs: Any) -> None:
    _feeds_changed(before)


def _source_read(sender: Any, *, source_id: int, report: IngestReport, **kwargs: Any) -> None:
    def enqueue(subscription_id: int) -> None:
        transaction.on_commit(lambda: enqueue_subscribe(subscription_id))

    subscribing.noticed(source_id, report, enqueue)


def connect() -> None:
    article_published.connect(_published, dispatch_uid="websub-published")
    article_updated.connect(_updated, dispatch_uid="websub-updated")
    article_withdrawn.connect(_withdrawn, dispatch_uid="websub-withdrawn")
    source_read.connect(_source_read, dispatch_uid="websub-source-read")
