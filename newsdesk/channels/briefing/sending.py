"""Sending one day's edition: claim the day, plan a delivery per subscriber, send each once.

Never twice: the day is claimed by inserting its unique ``Edition`` row, and each delivery
moves queued → sending with a conditional UPDATE before its message is handed over, so two
runs of the same edition (two schedulers, a resumed crash) never send one message twice. A
run that dies leaves its unsent deliveries queued; the next run sends those and only
those. A delivery left in ``sending`` by a crash is not sent again: the mail server may
already have it, and a duplicate is what this design rules out (the admin shows it).
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.db.models import Min, Q
from django.utils import timezone

from newsdesk import conf
from newsdesk.channels.briefing import compose, content
from newsdesk.channels.briefing.failures import classify
from newsdesk.channels.briefing.models import Delivery, Edition, Subscriber
from newsdesk.channels.briefing.pacing import Pacer

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=15)  # a run refreshes its lease far more often than this
RETRY_BASE = timedelta(minutes=5)  # first wait after a temporary failure; doubles each time
LEASE_REFRESH_EVERY = 50  # deliveries
KEEP_DELIVERIES = timedelta(days=30)  # then a day's per-subscriber records are deleted


@dataclass
class RunReport:
    day: date
    counts: Counter[str] = field(default_factory=Counter)
    next_retry_at: datetime | None = None
    finished: bool = False


def claim_day(day: date, now: datetime) -> Edition | None:
    """Insert the day's edition; None when it already exists (another scheduler, an earlier
    run, a restart): the unique row is the once-a-day guarantee."""
    try:
        with transaction.atomic():
            return Edition.objects.create(day=day, lease_until=now + LEASE)
    except IntegrityError:
        return None


def plan(edition: Edition, now: datetime) -> None:
    """A queued delivery for every confirmed subscriber; running it again adds only the
    missing rows, so a crash in the middle loses nothing."""
    if edition.planned_at is not None:
        return
    ids = Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED).values_list("id",
                                                                                    flat=True)
    Delivery.objects.bulk_create([Delivery(edition=edition, subscriber_id=i) for i in ids],
                                 ignore_conflicts=True, batch_size=500)
    Edition.objects.filter(pk=edition.pk, planned_at__isnull=True).update(planned_at=now)
    edition.planned_at = now


def _due(edition: Edition, now: datetime) -> Any:
    return (Delivery.objects.filter(edition=edition)
            .filter(Q(status=Delivery.Status.QUEUED)
                    | Q(status=Delivery.Status.RETRY, next_attempt_at__lte=now))
            .select_related("subscriber").prefetch_related("subscriber__sections")
            .order_by("id"))


def _take(delivery: Delivery, new_status: str, **values: Any) -> bool:
    """Move a delivery on from the state it was read in; False when another run got there
    first (then this run leaves it alone)."""
    return bool(Delivery.objects.filter(pk=delivery.pk, status=delivery.status,
                                        attempts=delivery.attempts)
                .update(status=new_status, **values))


def run_edition(edition_id: int, *, pacer: Pacer | None = None,
                clock: Any = timezone.now) -> RunReport:
    """Send every delivery of the edition that is due now; return what happened."""
    edition = Edition.objects.get(pk=edition_id)
    report = RunReport(day=edition.day)
    if edition.finished_at is not None:
        report.finished = True
        return report
    now = clock()
    Edition.objects.filter(pk=edition.pk).update(lease_until=now + LEASE)
    plan(edition, now)
    items = content.items_for(edition.day)
    Edition.objects.filter(pk=edition.pk).update(article_count=len(items))
    pacer = pacer or Pacer(conf.options().briefing.rate)
    connection = get_connection(fail_silently=False)
    try:
        for n, delivery in enumerate(_due(edition, now).iterator(chunk_size=200), start=1):
            report.counts[_deliver(delivery, edition.day, items, pacer, connection, clock)] += 1
            if n % LEASE_REFRESH_EVERY == 0:
                Edition.objects.filter(pk=edition.pk).update(lease_until=clock() + LEASE)
    finally:
        _close_quietly(connection)
    _finish(edition, report, clock())
    logger.info("briefing %s: %s", edition.day, dict(report.counts))
    return report


def _deliver(delivery: Delivery, day: date, items: list[content.Item], pacer: Pacer,
             connection: Any, clock: Any) -> str:
    subscriber = delivery.subscriber
    if subscriber.status != Subscriber.Status.CONFIRMED:  # rejected since it was planned
        return "skipped" if _take(delivery, Delivery.Status.SKIPPED) else "taken"
    chosen = None if subscriber.all_sections else {s.pk for s in subscriber.sections.all()}
    mine = content.for_sections(items, chosen)
    if not mine:  # an empty mail is not a briefing
        return "skipped" if _take(delivery, Delivery.Status.SKIPPED) else "taken"
    message_id = compose.briefing_message_id(day, subscriber.pk)
    pacer.wait()  # before the claim: a run stopped while waiting leaves the delivery queued
    if not _take(delivery, Delivery.Status.SENDING, claimed_at=clock(), message_id=message_id,
                 article_count=len(mine)):
        return "taken"
    delivery.status = Delivery.Status.SENDING
    try:
        connection.open()
        sent = connection.send_messages([compose.briefing_message(subscriber, day, mine)])
        if not sent:
            raise ConnectionError("the mail backend accepted nothing")
    except Exception as exc:  # every failure is recorded on the delivery, never raised
        logger.warning("briefing %s to subscriber %s failed: %s", day, subscriber.pk, exc)
        _close_quietly(connection)
        return _failed(delivery, exc, clock())
    _take(delivery, Delivery.Status.SENT, sent_at=clock(), last_error="")
    return "sent"


def _failed(delivery: Delivery, exc: BaseException, now: datetime) -> str:
    failure = classify(exc)
    attempts = delivery.attempts + 1
    if failure.permanent:
        _take(delivery, Delivery.Status.REJECTED, attempts=attempts,
              last_error=failure.reason[:500])
        Subscriber.objects.filter(pk=delivery.subscriber_id).update(
            status=Subscriber.Status.BOUNCED, bounced_at=now, bounce_reason=failure.reason[:500])
        return "rejected"
    if attempts >= conf.options().briefing.max_attempts:
        _take(delivery, Delivery.Status.FAILED, attempts=attempts,
              last_error=failure.reason[:500])
        return "failed"
    _take(delivery, Delivery.Status.RETRY, attempts=attempts,
          next_attempt_at=now + RETRY_BASE * 2 ** (attempts - 1),
          last_error=failure.reason[:500])
    return "retry"


def _finish(edition: Edition, report: RunReport, now: datetime) -> None:
    """Done when nothing is queued or waiting; otherwise hold the lease until the next retry
    falls due, when a scheduler (or the re-enqueued task) resumes it."""
    waiting = Delivery.objects.filter(edition=edition, status__in=[Delivery.Status.QUEUED,
                                                                   Delivery.Status.RETRY])
    if not waiting.exists():
        Edition.objects.filter(pk=edition.pk).update(finished_at=now, lease_until=None)
        report.finished = True
        return
    next_retry = waiting.aggregate(at=Min("next_attempt_at"))["at"]
    if waiting.filter(status=Delivery.Status.QUEUED).exists() or next_retry is None:
        next_retry = now
    report.next_retry_at = next_retry
    Edition.objects.filter(pk=edition.pk).update(lease_until=next_retry + LEASE)


def _close_quietly(connection: Any) -> None:
    try:
        connection.close()
    except Exception:  # a connection that is already broken cannot be closed politely
        logger.debug("closing the mail connection failed", exc_info=True)


def start_or_resume(day: date, now: datetime) -> tuple[Edition, bool]:
    """The day's edition and whether this call created it (False: it existed already)."""
    edition = claim_day(day, now)
    if edition is not None:
        return edition, True
    return Edition.objects.get(day=day), False


def prune_deliveries(now: datetime) -> int:
    """Delete the per-subscriber records of finished editions older than KEEP_DELIVERIES:
    they exist to send each mail once and to show an admin what happened, not to keep a
    history of who was mailed when. The day's row stays, so the day is never sent again."""
    old = Edition.objects.filter(finished_at__isnull=False,
                                 day__lt=(now - KEEP_DELIVERIES).date())
    deleted, _ = Delivery.objects.filter(edition__in=old).delete()
    return deleted
