"""The per-backend concurrency cap and request budget, with real threads and a real
loopback server: the server itself sees no more than the cap at once."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from newsdesk.editorial.rewrite.policy import RetryPolicy, rewrite
from newsdesk.llm.base import BackendUnavailable, CompletionRequest, Message, SourceDocument
from newsdesk.llm.limits import LimitedBackend, RateLimiter
from newsdesk.llm.offline import OfflineBackend
from newsdesk.llm.openai_compat import OpenAICompatBackend
from newsdesk.llm.registry import build_backends
from tests.openai_server import Received, Reply, ScriptedServer, completion

REQUEST = CompletionRequest(messages=(Message("user", "hi"),), purpose="test",
                            prompt_version="t", json_output=False)


class CountingServer(ScriptedServer):
    """Counts requests being answered at the same moment, on the server side."""

    def __init__(self) -> None:
        super().__init__()
        self.lock = threading.Lock()
        self.current = 0
        self.peak = 0
        self.arrivals: list[float] = []
        # Cleared by a test that needs a request held on the server until it says so.
        self.hold = threading.Event()
        self.hold.set()

    def next_reply(self, received: Received) -> Reply:
        with self.lock:
            self.current += 1
            self.peak = max(self.peak, self.current)
            self.arrivals.append(time.monotonic())
        reply = super().next_reply(received)
        self.hold.wait(30)
        time.sleep(reply.delay)
        with self.lock:
            self.current -= 1
        return Reply(status=reply.status, body=reply.body, headers=reply.headers)


@pytest.fixture
def counting() -> Iterator[CountingServer]:
    server = CountingServer()
    server.start()
    yield server
    server.hold.set()
    server.stop()


def _backend(server: ScriptedServer) -> OpenAICompatBackend:
    # Generous: a held call waits on the server for as long as its test takes.
    return OpenAICompatBackend(name="openai", base_url=server.base_url, model="m", timeout=60)


def _arrived(server: CountingServer, count: int) -> None:
    """Wait until ``count`` requests are on the server (held there), not for a guessed time."""
    deadline = time.monotonic() + 30
    while len(server.received) < count:
        assert time.monotonic() < deadline, f"{len(server.received)} of {count} arrived"
        time.sleep(0.01)


def test_concurrency_cap_holds_on_the_server(counting: CountingServer) -> None:
    counting.script(*[Reply(body=completion("ok"), delay=0.05) for _ in range(6)])
    counting.hold.clear()
    limited = LimitedBackend(_backend(counting), RateLimiter(max_concurrency=2))
    with ThreadPoolExecutor(max_workers=6) as pool:
        calls = [pool.submit(limited.complete, REQUEST) for _ in range(6)]
        try:
            _arrived(counting, 2)  # two in flight; the other four must wait for them
            time.sleep(0.1)  # room for a third to get through, were the cap broken
        finally:
            counting.hold.set()
        results = [call.result() for call in calls]
    assert [r.text for r in results] == ["ok"] * 6
    assert counting.peak == 2
    assert limited.limiter.in_flight == 0


def test_without_a_cap_the_same_load_overlaps(counting: CountingServer) -> None:
    # The control for the test above: the server can take six at once.
    counting.script(*[Reply(body=completion("ok")) for _ in range(6)])
    counting.hold.clear()
    backend = _backend(counting)
    with ThreadPoolExecutor(max_workers=6) as pool:
        calls = [pool.submit(backend.complete, REQUEST) for _ in range(6)]
        try:
            _arrived(counting, 6)
        finally:
            counting.hold.set()
        for call in calls:
            call.result()
    assert counting.peak == 6


def test_request_budget_spreads_calls_over_the_window(counting: CountingServer) -> None:
    counting.script(*[Reply(body=completion("ok")) for _ in range(6)])
    limiter = RateLimiter(requests_per_minute=3, window=1.0)
    limited = LimitedBackend(_backend(counting), limiter)
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(lambda _: limited.complete(REQUEST), range(6)))
    assert time.monotonic() - started >= 1.0
    arrivals = sorted(counting.arrivals)
    # The 4th call reaches the server only after the first call's window has passed
    # (minus generous slack: on a busy machine a call can spend long on the socket).
    assert len(arrivals) == 6
    gaps = [round(u - arrivals[0], 3) for u in arrivals]
    assert arrivals[3] - arrivals[0] >= 0.5 and arrivals[5] - arrivals[2] >= 0.5, gaps


def test_waiting_too_long_is_unavailable_and_the_rewrite_falls_back(
    counting: CountingServer,
) -> None:
    counting.script(Reply(body=completion("slow")))
    counting.hold.clear()  # the holder's call stays on the server until the end
    limited = LimitedBackend(_backend(counting), RateLimiter(max_concurrency=1, max_wait=0.1))
    holder = threading.Thread(target=limited.complete, args=(REQUEST,))
    holder.start()
    try:
        # Wait for the holder's request to reach the server, not for a guessed time.
        _arrived(counting, 1)
        with pytest.raises(BackendUnavailable, match="local limit reached"):
            limited.complete(REQUEST)
        source = SourceDocument(label="Wire", url="", title="Power cut",
                                text="Power was cut to 4,000 homes on Monday.")
        outcome = rewrite([source], limited, fallback=OfflineBackend(),
                          policy=RetryPolicy(max_retries=0), sleep=lambda s: None)
    finally:
        counting.hold.set()
        holder.join()
    assert len(counting.received) == 1  # neither later call got past the local limit
    assert outcome.fell_back and outcome.result.backend == "offline"
    assert outcome.attempts[0].outcome == "unavailable"


def test_registry_builds_limits_and_rejects_bad_ones() -> None:
    built = build_backends({"offline": {"BACKEND": "newsdesk.llm.offline.OfflineBackend",
                                        "LIMITS": {"MAX_CONCURRENCY": 1,
                                                   "REQUESTS_PER_MINUTE": 30}}})
    backend = built["offline"]
    assert isinstance(backend, LimitedBackend) and backend.name == "offline"
    assert backend.limiter.max_concurrency == 1 and backend.limiter.requests_per_minute == 30
    with pytest.raises(ValueError, match="unknown LIMITS keys"):
        build_backends({"x": {"BACKEND": "newsdesk.llm.offline.OfflineBackend",
                              "LIMITS": {"RPM": 3}}})
    with pytest.raises(ValueError, match="at least 1"):
        build_backends({"x": {"BACKEND": "newsdesk.llm.offline.OfflineBackend",
                              "LIMITS": {"MAX_CONCURRENCY": 0}}})
