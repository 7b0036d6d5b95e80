"""django-tasks wrappers: they take ids, never objects, and only call a service."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from newsdesk.channels.briefing.confirming import send_confirmation
from newsdesk.channels.briefing.sending import RETRY_BASE, run_edition


@task()
def send_confirmation_task(subscriber_id: int, attempt: int = 1) -> str:
    outcome = send_confirmation(subscriber_id, attempt)
    if outcome == "retry":
        send_confirmation_task.using(
            run_after=timezone.now() + RETRY_BASE * 2 ** (attempt - 1)
        ).enqueue(subscriber_id, attempt + 1)
    return outcome


@task()
def send_edition_task(edition_id: int) -> dict[str, int]:
    """Send what is due; when retries wait, come back when the first of them falls due."""
    report = run_edition(edition_id)
    if report.next_retry_at is not None:
        send_edition_task.using(run_after=max(report.next_retry_at, timezone.now())
                                ).enqueue(edition_id)
    return dict(report.counts)


def enqueue_confirmation(subscriber_id: int) -> object:
    return send_confirmation_task.enqueue(subscriber_id)


def enqueue_edition(edition_id: int) -> object:
    return send_edition_task.enqueue(edition_id)
