"""django-tasks wrappers: they take ids and values, never objects, and call a service."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django_tasks import task

from newsdesk.articles.tasks import queue_waiting_items
from newsdesk.channels.websub import pushes, subscribing
from newsdesk.channels.websub.publishing import PING_ATTEMPTS, ping_all, retry_wait


@task()
def subscribe_task(subscription_id: int) -> str:
    return subscribing.request_subscription(subscription_id)


@task()
def ingest_push_task(push_id: int) -> int:
    """Store a pushed feed's items, then queue them for processing at once."""
    source_id = pushes.ingest(push_id)
    return queue_waiting_items(source_id) if source_id is not None else 0


@task()
def ping_task(pairs: list[list[str]], changed_at: str, attempt: int = 1) -> int:
    """Ping each [hub, topic]; the failed ones come back later as one task."""
    failed = ping_all([(hub, topic) for hub, topic in pairs],
                      datetime.fromisoformat(changed_at))
    if failed and attempt < PING_ATTEMPTS:
        ping_task.using(run_after=timezone.now() + retry_wait(attempt)).enqueue(
            [list(pair) for pair in failed], changed_at, attempt + 1)
    return len(pairs) - len(failed)


def enqueue_subscribe(subscription_id: int) -> object:
    return subscribe_task.enqueue(subscription_id)


def enqueue_ingest(push_id: int) -> object:
    return ingest_push_task.enqueue(push_id)


def enqueue_pings(pairs: list[tuple[str, str]], changed_at: datetime) -> None:
    """Ping now, or at ``changed_at`` when that is to come (an embargoed article changes
    the feeds only when it falls due)."""
    args = ([list(pair) for pair in pairs], changed_at.isoformat())
    if changed_at > timezone.now():
        ping_task.using(run_after=changed_at).enqueue(*args)
    else:
        ping_task.enqueue(*args)
