"""Claims on source items: one worker at a time processes an item, and an item left in
``processing`` by a killed process goes back to the queue.

``claim`` stamps ``claimed_at``; a claim older than the lease belongs to a worker that
is gone (processing one item takes seconds to minutes, the lease is far longer), so
``reclaim_stale`` puts the item back to ``pending`` and it is processed again.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from newsdesk import conf
from newsdesk.intake.models import SourceItem

logger = logging.getLogger(__name__)


def claim(item_id: int) -> SourceItem | None:
    """Mark an item as being processed, atomically: of several workers handed the same
    id, exactly one gets it."""
    claimed = SourceItem.objects.filter(pk=item_id, status=SourceItem.Status.PENDING).update(
        status=SourceItem.Status.PROCESSING, claimed_at=timezone.now()
    )
    if not claimed:
        return None
    return SourceItem.objects.select_related("source").get(pk=item_id)


def reclaim_stale(lease_seconds: int | None = None) -> list[int]:
    """Put stale ``processing`` items back to ``pending``; return their ids."""
    lease = conf.options().workflow.claim_lease_seconds if lease_seconds is None else lease_seconds
    cutoff = timezone.now() - timedelta(seconds=lease)
    stale = SourceItem.objects.filter(status=SourceItem.Status.PROCESSING).filter(
        Q(claimed_at__lt=cutoff) | Q(claimed_at__isnull=True)
    )
    ids = list(stale.values_list("id", flat=True))
    if ids:
        # Re-check the state in the UPDATE itself: a worker may finish an item meanwhile.
        SourceItem.objects.filter(pk__in=ids, status=SourceItem.Status.PROCESSING).filter(
            Q(claimed_at__lt=cutoff) | Q(claimed_at__isnull=True)
        ).update(status=SourceItem.Status.PENDING, claimed_at=None)
        logger.warning("reclaimed %d item(s) left in processing: %s", len(ids), ids[:20])
    return ids
