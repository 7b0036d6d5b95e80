"""The scheduler: enqueue a refresh for every source whose next check is due.

Any number of schedulers may run (one per ``newsdesk run``): a source is taken by moving
its next check forward with a conditional UPDATE, so only one of them enqueues it. The
refresh itself sets the real next check when it records its attempt; if the worker dies
first, the lease runs out and the source is enqueued again.

What "enqueue" means is handed in by the caller (the tasks live above intake, beside the
processing they start), so the scheduler imports nothing from the layers above it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import close_old_connections
from django.db.models import Q
from django.utils import timezone

from newsdesk.intake.claims import reclaim_stale
from newsdesk.intake.models import Source

logger = logging.getLogger(__name__)

# How long a taken source waits for its refresh before another scheduler may take it.
LEASE = timedelta(minutes=10)


def take_due(now: datetime | None = None, *, limit: int = 100) -> list[int]:
    """Ids of due sources, each leased so that no other scheduler takes it too."""
    now = now or timezone.now()
    due = (
        Source.objects.filter(enabled=True)
        .filter(Q(next_check_at__isnull=True) | Q(next_check_at__lte=now))
        .order_by("next_check_at", "id")
        .values_list("id", "next_check_at")[:limit]
    )
    taken = []
    for source_id, next_check_at in due:
        if Source.objects.filter(pk=source_id, next_check_at=next_check_at).update(
            next_check_at=now + LEASE
        ):
            taken.append(source_id)
    return taken


Enqueue = Callable[[int], object]


def tick(enqueue_refresh: Enqueue, enqueue_process: Enqueue) -> tuple[list[int], list[int]]:
    """One round: put items of dead workers back in the queue, then enqueue due sources."""
    reclaimed = reclaim_stale()
    for item_id in reclaimed:
        enqueue_process(item_id)
    sources = take_due()
    for source_id in sources:
        enqueue_refresh(source_id)
    if reclaimed or sources:
        logger.info("scheduler: %d source(s) due, %d item(s) reclaimed",
                    len(sources), len(reclaimed))
    return sources, reclaimed


def run_forever(
    stop: threading.Event,
    enqueue_refresh: Enqueue,
    enqueue_process: Enqueue,
    *,
    every: float = 30.0,
) -> None:
    """Tick until ``stop`` is set; a failing tick is logged and the loop goes on."""
    while not stop.is_set():
        close_old_connections()
        try:
            tick(enqueue_refresh, enqueue_process)
        except Exception:  # the database may be briefly away; try again next tick
            logger.exception("scheduler tick failed")
        stop.wait(every)
    close_old_connections()
