"""The webhooks upkeep loop `newsdesk run` keeps beside the source scheduler: a delivery
whose task was lost (a worker killed mid-attempt) is queued again.

Each delivery's next attempt is a task due at ``next_attempt_at``; the attempt claims the
delivery by moving that time on (``delivery.CLAIM``), so a task queued twice sends once.
A pending delivery still due well after its time has no task running for it: queue one.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime

from django.db import close_old_connections
from django.utils import timezone

from newsdesk.channels.webhooks.delivery import CLAIM
from newsdesk.channels.webhooks.models import Delivery
from newsdesk.channels.webhooks.tasks import deliver_task

logger = logging.getLogger(__name__)


def tick(enqueue: Callable[[int], object], now: datetime | None = None) -> int:
    """Queue every pending delivery overdue by more than a claim; returns how many."""
    now = now or timezone.now()
    overdue = Delivery.objects.filter(status=Delivery.Status.PENDING,
                                      next_attempt_at__lt=now - CLAIM)
    ids = list(overdue.values_list("id", flat=True)[:500])
    for delivery_id in ids:
        enqueue(delivery_id)
    return len(ids)


def run_forever(stop: threading.Event, *, every: float = 30.0) -> None:
    """Tick until ``stop``; a failing tick is logged and the loop goes on."""
    while not stop.is_set():
        close_old_connections()
        try:
            if requeued := tick(deliver_task.enqueue):
                logger.info("webhooks upkeep: %d overdue deliveries queued again", requeued)
        except Exception:  # the database may be briefly away; try again next tick
            logger.exception("webhooks upkeep tick failed")
        stop.wait(every)
    close_old_connections()
