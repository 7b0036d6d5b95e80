"""django-tasks wrappers: they take ids, never objects, and only call a service."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django_tasks import task

from newsdesk.channels.activitypub import announce, delivery


@task()
def sync_article_task(article_id: int, reason: announce.Reason) -> str:
    later = announce.sync(article_id, reason, enqueue_delivery)
    if later is not None:
        schedule_sync(article_id, reason, later)
        return "waiting for the embargo"
    return "done"


@task()
def deliver_task(delivery_id: int) -> str:
    outcome = delivery.deliver(delivery_id)
    if outcome.retry_at is not None:
        deliver_task.using(run_after=outcome.retry_at).enqueue(delivery_id)
    return outcome.status


def enqueue_delivery(delivery_id: int) -> object:
    return deliver_task.enqueue(delivery_id)


def schedule_sync(article_id: int, reason: announce.Reason, at: datetime | None = None) -> None:
    """Enqueue the article's sync, to run no sooner than ``at`` (an embargo's end)."""
    if at is not None and at > timezone.now():
        sync_article_task.using(run_after=at).enqueue(article_id, reason)
    else:
        sync_article_task.enqueue(article_id, reason)
