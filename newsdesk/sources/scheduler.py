"""The scheduler: enqueue a refresh for every source whose next check is due.

Any number of schedulers may run (one per ``newsdesk run``): a source is taken by moving
its next check forward with a conditional UPDATE, so only one of them enqueues it. The
refresh itself sets the real next check when it records its attempt; if the worker dies
first, the lease runs out and the source is enqueued again.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import close_old_connections
from django.db.models import Q
from django.utils import timezone

from newsdesk.articles.claims import reclaim_stale
from newsdesk.sources.models import Source

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


def tick(
    enqueue_refresh: Callable[[int], object], enqueue_process: Callable[[int], object]
) -> tuple[list[int], list[int]]:
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


def run_forever(stop: threading.Event, *, every: float = 30.0) -> None:
    """Tick until ``stop`` is set; a failing tick is logged and the loop goes on."""
    from newsdesk.tasks import process_item_task, refresh_source_task

    while not stop.is_set():
        close_old_connections()
        try:
            tick(refresh_source_task.enqueue, process_item_task.enqueue)
        except Exception:  # the database may be briefly away; try again next tick
            logger.exception("scheduler tick failed")
        stop.wait(every)
    close_old_connections()
