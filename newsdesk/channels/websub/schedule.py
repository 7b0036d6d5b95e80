"""The WebSub upkeep loop `newsdesk run` keeps beside the source scheduler: requests the
hub never verified, leases to renew, leases that ended (``subscribing.tick``)."""

from __future__ import annotations

import logging
import threading

from django.db import close_old_connections

from newsdesk.channels.websub.subscribing import tick
from newsdesk.channels.websub.tasks import enqueue_subscribe

logger = logging.getLogger(__name__)


def run_forever(stop: threading.Event, *, every: float = 30.0) -> None:
    """Tick until ``stop``; a failing tick is logged and the loop goes on."""
    while not stop.is_set():
        close_old_connections()
        try:
            counts = tick(enqueue_subscribe)
            if any(counts.values()):
                logger.info("websub upkeep: %s", counts)
        except Exception:  # the database may be briefly away; try again next tick
            logger.exception("websub upkeep tick failed")
        stop.wait(every)
    close_old_connections()
