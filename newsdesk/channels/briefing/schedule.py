"""The daily send, driven by the scheduler loop of `newsdesk run` / `newsdesk schedule`.

Each tick claims the due day (a unique row: only one of any number of schedulers wins,
and a restart finds the row and does nothing), resumes an edition whose run stopped
without finishing (its lease ran out: a crashed worker), deletes addresses left
unconfirmed past the link's lifetime, and delivery records older than a month.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime

from django.db import close_old_connections
from django.utils import timezone

from newsdesk.channels.briefing.content import due_day
from newsdesk.channels.briefing.models import Edition, Subscriber
from newsdesk.channels.briefing.sending import LEASE, claim_day, prune_deliveries
from newsdesk.channels.briefing.subscriptions import expire_unconfirmed

logger = logging.getLogger(__name__)


def tick(enqueue: Callable[[int], object], now: datetime | None = None) -> list[int]:
    """Ids of the editions this scheduler enqueued a run for (usually none)."""
    now = now or timezone.now()
    expired = expire_unconfirmed(now)
    if expired:
        logger.info("briefing: %d unconfirmed address(es) expired and deleted", expired)
    prune_deliveries(now)
    enqueued = []
    # A site nobody subscribes to keeps no daily rows (and a first subscriber confirmed
    # after the send time gets that day's briefing at the next tick).
    confirmed = Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED).exists()
    edition = claim_day(due_day(now), now) if confirmed else None
    if edition is not None:
        logger.info("briefing: claimed %s", edition.day)
        enqueue(edition.pk)
        enqueued.append(edition.pk)
    stalled = Edition.objects.filter(finished_at__isnull=True, lease_until__lte=now)
    for edition_id, lease_until in stalled.values_list("id", "lease_until"):
        # Take the lease with a conditional update, so only one scheduler resumes it.
        if Edition.objects.filter(pk=edition_id, lease_until=lease_until).update(
                lease_until=now + LEASE):
            logger.info("briefing: resuming edition %s", edition_id)
            enqueue(edition_id)
            enqueued.append(edition_id)
    return enqueued


def run_forever(stop: threading.Event, *, every: float = 30.0) -> None:
    """Tick until ``stop`` is set; a failing tick is logged and the loop goes on."""
    from newsdesk.channels.briefing.tasks import enqueue_edition

    while not stop.is_set():
        close_old_connections()
        try:
            tick(enqueue_edition)
        except Exception:  # the database may be briefly away; try again next tick
            logger.exception("briefing scheduler tick failed")
        stop.wait(every)
    close_old_connections()
