"""How long to wait before checking a source again: the polite, adaptive part of scheduling.

Pure arithmetic, so the policy is easy to read and to test: back off exponentially on
errors (up to a cap), honour a server's Retry-After, check busy feeds more often and
quiet ones less often, always within [minimum, maximum].
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    minimum: int
    maximum: int


@dataclass(frozen=True)
class Plan:
    interval: int  # the source's normal interval from now on
    delay: int  # seconds until the next check


def next_check(
    interval: int,
    limits: Limits,
    *,
    failures: int,
    new_items: int,
    retry_after: int | None = None,
) -> Plan:
    """Plan the next check after an attempt.

    ``failures`` counts consecutive failed attempts including this one (0 on success).
    A failure keeps the normal interval for when the source recovers and waits
    minimum * 2**(failures-1) instead, capped at the maximum. A success that brought new
    items halves the interval; one that brought nothing lengthens it by half.
    """
    interval = _clamp(interval, limits)
    if failures > 0:
        delay = limits.minimum * 2 ** min(failures - 1, 30)
    else:
        interval = _clamp(interval // 2 if new_items else interval * 3 // 2, limits)
        delay = interval
    if retry_after is not None:
        delay = max(delay, retry_after)
    return Plan(interval=interval, delay=_clamp(delay, limits))


def _clamp(seconds: int, limits: Limits) -> int:
    return max(limits.minimum, min(limits.maximum, seconds))
