"""The adaptive refresh policy, as plain arithmetic."""

from __future__ import annotations

from newsdesk.intake.intervals import Limits, next_check

LIMITS = Limits(minimum=300, maximum=86400)


def test_errors_back_off_exponentially_up_to_the_cap() -> None:
    delays = [next_check(3600, LIMITS, failures=n, new_items=0).delay for n in range(1, 12)]
    assert delays[:5] == [300, 600, 1200, 2400, 4800]
    assert delays == sorted(delays) and delays[-1] == 86400


def test_errors_keep_the_normal_interval_for_recovery() -> None:
    assert next_check(3600, LIMITS, failures=4, new_items=0).interval == 3600


def test_retry_after_is_honoured_but_capped() -> None:
    assert next_check(3600, LIMITS, failures=1, new_items=0, retry_after=7200).delay == 7200
    assert next_check(600, LIMITS, failures=0, new_items=3, retry_after=5000).delay == 5000
    assert next_check(3600, LIMITS, failures=1, new_items=0, retry_after=10**9).delay == 86400


def test_busy_feeds_speed_up_and_quiet_feeds_slow_down_within_limits() -> None:
    busy, quiet = 3600, 3600
    for _ in range(10):
        busy = next_check(busy, LIMITS, failures=0, new_items=5).interval
        quiet = next_check(quiet, LIMITS, failures=0, new_items=0).interval
    assert busy == 300
    assert quiet == 86400
    assert next_check(3600, LIMITS, failures=0, new_items=0).delay == 5400
