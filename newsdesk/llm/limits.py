"""Per-backend limits: at most N calls in flight and at most M calls a minute.

Workers run in threads and share one backend object per process, so the limits
live on a wrapper around that object and are guarded by a lock. Waiting for a
slot is bounded: a call that cannot start within ``max_wait`` seconds fails as
``BackendUnavailable``, which the rewrite policy already retries or falls back on.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

from newsdesk.llm.base import (
    Backend,
    BackendUnavailable,
    CompletionRequest,
    CompletionResult,
    Health,
)

_WINDOW = 60.0


class RateLimiter:
    """A concurrency cap plus a sliding one-minute request budget, both thread-safe."""

    def __init__(
        self,
        *,
        max_concurrency: int | None = None,
        requests_per_minute: int | None = None,
        max_wait: float = 120.0,
        window: float = _WINDOW,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if max_concurrency is not None and max_concurrency < 1:
            raise ValueError("MAX_CONCURRENCY must be at least 1")
        if requests_per_minute is not None and requests_per_minute < 1:
            raise ValueError("REQUESTS_PER_MINUTE must be at least 1")
        self.max_concurrency = max_concurrency
        self.requests_per_minute = requests_per_minute
        self.max_wait = max_wait
        self.window = window  # 60 s in production; tests shorten it to run in real time
        self._clock = clock
        self._cond = threading.Condition()
        self._in_flight = 0
        self._starts: deque[float] = deque()

    @property
    def in_flight(self) -> int:
        with self._cond:
            return self._in_flight

    def acquire(self, backend_name: str) -> None:
        """Block until both a slot and budget are free; raise when that takes too long."""
        deadline = self._clock() + self.max_wait
        with self._cond:
            while True:
                now = self._clock()
                wait = self._wait_needed(now)
                if wait <= 0:
                    self._in_flight += 1
                    if self.requests_per_minute is not None:
                        self._starts.append(now)
                    return
                remaining = deadline - now
                if remaining <= 0:
                    raise BackendUnavailable(
                        backend_name,
                        f"local limit reached (max {self.max_concurrency} in flight, "
                        f"{self.requests_per_minute} per minute); waited {self.max_wait:g}s",
                        retry_after=max(0.0, wait),
                    )
                self._cond.wait(timeout=min(wait, remaining))

    def release(self) -> None:
        with self._cond:
            self._in_flight -= 1
            self._cond.notify_all()

    def _wait_needed(self, now: float) -> float:
        """Seconds until a call could start; 0 when one may start now. Caller holds the lock."""
        waits = [0.0]
        if self.max_concurrency is not None and self._in_flight >= self.max_concurrency:
            waits.append(self.window)  # woken by release(), not by the timeout
        if self.requests_per_minute is not None:
            while self._starts and now - self._starts[0] >= self.window:
                self._starts.popleft()
            if len(self._starts) >= self.requests_per_minute:
                waits.append(self._starts[0] + self.window - now)
        return max(waits)


class LimitedBackend:
    """Any backend behind a RateLimiter; same name and protocol as the wrapped one."""

    def __init__(self, inner: Backend, limiter: RateLimiter) -> None:
        self.inner = inner
        self.limiter = limiter
        self.name = inner.name

    def complete(self, request: CompletionRequest) -> CompletionResult:
        self.limiter.acquire(self.name)
        try:
            return self.inner.complete(request)
        finally:
            self.limiter.release()

    def health(self) -> Health:
        return self.inner.health()

    def __getattr__(self, attr: str) -> object:
        # Options such as ``model`` stay readable through the wrapper.
        return getattr(self.inner, attr)
