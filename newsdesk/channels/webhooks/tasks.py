"""django-tasks wrappers: they take ids and values, never objects, and call a service."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django_tasks import task

from newsdesk.articles.events import Placement
from newsdesk.channels.webhooks.announce import announce
from newsdesk.channels.webhooks.delivery import attempt
from newsdesk.channels.webhooks.models import Endpoint


@task()
def announce_task(event_type: str, article_id: int, slug: str, url: str) -> int:
    delivery_ids = announce(event_type, article_id, slug=slug, url=url)
    for delivery_id in delivery_ids:
        deliver_task.enqueue(delivery_id)
    return len(delivery_ids)


@task()
def deliver_task(delivery_id: int) -> str:
    """One attempt; a failure that will be retried comes back as a task due then."""
    outcome = attempt(delivery_id)
    if outcome.next_attempt_at is not None:
        deliver_task.using(run_after=outcome.next_attempt_at).enqueue(delivery_id)
    return outcome.status


def enqueue_announcement(event_type: str, article_id: int, placement: Placement, *,
                         when: datetime | None) -> None:
    """Queue the announcement now, or for ``when`` when that is still to come (an embargo:
    the channel must not speak before the article is public)."""
    if not Endpoint.objects.filter(active=True).exists():
        return  # nobody to tell: no task for every publication of a site without webhooks
    args = (event_type, article_id, placement.slug, placement.url)
    if when is not None and when > timezone.now():
        announce_task.using(run_after=when).enqueue(*args)
    else:
        announce_task.enqueue(*args)
