"""A per-worker pace for outgoing mail: at most ``rate`` messages a second.

Mail providers throttle or block a sender that bursts; a steady pace keeps a large list
from looking like spam. The clock and the sleep are passed in so the pace can be checked
without waiting.
"""

from __future__ import annotations

import time
from collections.abc import Callable


class Pacer:
    def __init__(self, rate: float, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self.clock = clock
        self.sleep = sleep
        self.next_at: float | None = None

    def wait(self) -> None:
        """Block until the next message may go, then book the slot after it."""
        if self.interval <= 0:
            return
        now = self.clock()
        if self.next_at is not None and now < self.next_at:
            self.sleep(self.next_at - now)
            now = self.next_at
        self.next_at = now + self.interval
