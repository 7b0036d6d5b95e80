"""Per-host politeness: a process holds at most PER_HOST_LIMIT connections to one host,
and forgets a host once no thread is using it."""

from __future__ import annotations

import threading

import pytest

from newsdesk.reader import guarded
from newsdesk.reader.guarded import PER_HOST_LIMIT, host_slot


def test_a_host_gets_no_more_than_its_slots_and_the_next_caller_times_out() -> None:
    entered = threading.Barrier(PER_HOST_LIMIT + 1)
    leave = threading.Event()

    def hold() -> None:
        with host_slot("Feeds.Example", timeout=5):
            entered.wait()
            leave.wait(5)

    holders = [threading.Thread(target=hold) for _ in range(PER_HOST_LIMIT)]
    for thread in holders:
        thread.start()
    entered.wait(5)
    try:
        # The same host, spelled in another case, has no slot left...
        with (
            pytest.raises(TimeoutError, match=r"feeds\.EXAMPLE"),
            host_slot("feeds.EXAMPLE", timeout=0.05),
        ):
            pass
        # ...while another host is not held up by it.
        with host_slot("other.example", timeout=0.05):
            pass
    finally:
        leave.set()
        for thread in holders:
            thread.join(5)
    with host_slot("feeds.example", timeout=0.05):
        pass


def test_hosts_are_forgotten_when_the_last_user_leaves_even_after_an_error() -> None:
    with host_slot("a.example", timeout=1):
        assert "a.example" in guarded._slots
    with pytest.raises(RuntimeError), host_slot("b.example", timeout=1):
        raise RuntimeError("the fetch failed")
    for number in range(200):
        with host_slot(f"host{number}.example", timeout=1):
            pass
    assert not {key for key in guarded._slots if key.endswith(".example")}
