"""Rewrite policy: one repair for malformed output, a few patient retries for an
unavailable backend, then the fallback. The backend only completes text; the prompt
lives in ``rewrite_prompt`` and the parser in ``rewrite_parse``.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from newsdesk.editorial.rewrite.parser import Rewrite, RewriteParseError, parse_rewrite
from newsdesk.editorial.rewrite.prompt import (
    PROMPT_VERSION,
    build_rewrite_request,
    repair_request,
    system_prompt,
)
from newsdesk.llm.base import (
    Backend,
    BackendRefused,
    BackendUnavailable,
    BadOutput,
    CompletionRequest,
    CompletionResult,
    LLMError,
    SourceDocument,
)

__all__ = [
    "PROMPT_VERSION",
    "Attempt",
    "RetryPolicy",
    "Rewrite",
    "RewriteOutcome",
    "RewriteParseError",
    "UnusableOutput",
    "build_rewrite_request",
    "parse_rewrite",
    "repair_request",
    "rewrite",
    "system_prompt",
]

AttemptOutcome = Literal["ok", "bad_output", "unavailable", "refused"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Attempt:
    """One call to one backend: what the run records store (via an observer)."""

    backend: str
    outcome: AttemptOutcome
    detail: str
    latency_ms: float
    model: str = ""
    tokens_in: int | None = None
    tokens_out: int | None = None
    prompt_version: str = ""
    purpose: str = "rewrite"


Observer = Callable[[Attempt], None]


class UnusableOutput(BadOutput):
    """The backend answered twice (once after a repair request) with nothing usable.

    Carries the last raw ``text`` so that, with no fallback, the pipeline can put it
    in front of an editor instead of dropping it: the issue's "repair once, then review".
    """

    def __init__(self, backend: str, reason: str, text: str, model: str = "") -> None:
        super().__init__(backend, reason)
        self.reason = reason
        self.text = text
        self.model = model  # of the backend that answered (a fallback, perhaps)


@dataclass(frozen=True)
class RewriteOutcome:
    rewrite: Rewrite
    result: CompletionResult
    attempts: tuple[Attempt, ...]
    fell_back: bool
    prompt_version: str
    fallback_reason: str = ""


@dataclass(frozen=True)
class RetryPolicy:
    """How patient to be with an unavailable backend before falling back."""

    max_retries: int = 2
    base_delay: float = 0.5
    max_delay: float = 8.0
    jitter: float = 0.5  # up to +50% on each backoff, so workers do not retry in step
    max_total_sleep: float = 20.0


DEFAULT_POLICY = RetryPolicy()


def rewrite(
    sources: Sequence[SourceDocument],
    backend: Backend,
    *,
    fallback: Backend | None = None,
    policy: RetryPolicy = DEFAULT_POLICY,
    sleep: Callable[[float], None] = time.sleep,
    rng: Callable[[], float] = random.random,
    observer: Observer | None = None,
) -> RewriteOutcome:
    """Rewrite with ``backend``; if it cannot deliver, with ``fallback``; else raise its error.

    ``observer`` hears of every backend call as it ends (the Django side stores them as
    run records); this module stays free of any storage.
    """
    request = build_rewrite_request(sources)
    run = _Run(request, policy, sleep, rng, observer)
    try:
        article, result = run.on(backend)
        return run.outcome(article, result, fell_back=False)
    except (BackendUnavailable, BackendRefused, BadOutput) as primary_error:
        if fallback is None:
            raise
        reason = run.attempts[-1].detail if run.attempts else str(primary_error)
        try:
            article, result = run.on(fallback)
        except LLMError as fallback_error:
            raise fallback_error from primary_error
        return run.outcome(article, result, fell_back=True, reason=f"{backend.name}: {reason}")


class _Run:
    """The attempts of one rewrite across backends, sharing one sleep budget."""

    def __init__(
        self,
        request: CompletionRequest,
        policy: RetryPolicy,
        sleep: Callable[[float], None],
        rng: Callable[[], float],
        observer: Observer | None = None,
    ) -> None:
        self.request = request
        self.observer = observer
        self.policy = policy
        self.sleep = sleep
        self.rng = rng
        self.slept = 0.0
        self.attempts: list[Attempt] = []

    def on(self, backend: Backend) -> tuple[Rewrite, CompletionResult]:
        request = self.request
        retries = 0
        repaired = False
        last_text = ""  # the last reply that arrived, for an editor if none is usable
        while True:
            started = time.perf_counter()
            try:
                result = backend.complete(request)
            except BackendUnavailable as exc:
                self._record(backend, "unavailable", exc, started)
                delay = self._retry_delay(retries, exc)
                if delay is None:
                    raise
                self.sleep(delay)
                self.slept += delay
                retries += 1
                continue
            except BackendRefused as exc:
                self._record(backend, "refused", exc, started)
                raise
            except BadOutput as exc:
                self._record(backend, "bad_output", exc, started)
                if repaired:
                    raise UnusableOutput(backend.name, _reason(exc), last_text,
                                         str(getattr(backend, "model", ""))) from exc
                repaired = True
                request = repair_request(self.request, None, _reason(exc))
                continue
            last_text = result.text
            try:
                article = parse_rewrite(result.text, self.request.sources)
            except RewriteParseError as exc:
                self._note(self._attempt(backend.name, "bad_output", exc.reason, result))
                if repaired:
                    raise UnusableOutput(backend.name, exc.reason, result.text,
                                         result.model) from exc
                repaired = True
                request = repair_request(self.request, result.text, exc.reason)
                continue
            self._note(self._attempt(backend.name, "ok", "", result))
            return article, result

    def _retry_delay(self, retries: int, exc: BackendUnavailable) -> float | None:
        """Seconds to wait before the next try, or None when it is time to give up."""
        policy = self.policy
        if retries >= policy.max_retries:
            return None
        remaining = policy.max_total_sleep - self.slept
        backoff = policy.base_delay * 2.0**retries * (1 + policy.jitter * self.rng())
        delay = min(policy.max_delay, backoff)
        if exc.retry_after is not None:
            if exc.retry_after > remaining:
                return None  # the server asked for more patience than we have
            delay = max(delay, exc.retry_after)
        return max(0.0, min(delay, remaining))

    def _record(
        self, backend: Backend, outcome: AttemptOutcome, exc: LLMError, started: float
    ) -> None:
        latency_ms = (time.perf_counter() - started) * 1000
        model = str(getattr(backend, "model", "") or "")
        self._note(
            Attempt(
                backend.name,
                outcome,
                _reason(exc),
                latency_ms,
                model=model,
                prompt_version=self.request.prompt_version,
                purpose=self.request.purpose,
            )
        )

    def _attempt(
        self, name: str, outcome: AttemptOutcome, detail: str, result: CompletionResult
    ) -> Attempt:
        return Attempt(
            name,
            outcome,
            detail,
            result.latency_ms,
            model=result.model,
            tokens_in=result.tokens_in,
            tokens_out=result.tokens_out,
            prompt_version=self.request.prompt_version,
            purpose=self.request.purpose,
        )

    def _note(self, attempt: Attempt) -> None:
        self.attempts.append(attempt)
        if self.observer is None:
            return
        try:
            self.observer(attempt)
        except Exception:  # a broken recorder must not lose the rewrite itself
            logger.exception("run observer failed for backend %s", attempt.backend)

    def outcome(
        self, article: Rewrite, result: CompletionResult, *, fell_back: bool, reason: str = ""
    ) -> RewriteOutcome:
        return RewriteOutcome(
            rewrite=article,
            result=result,
            attempts=tuple(self.attempts),
            fell_back=fell_back,
            prompt_version=self.request.prompt_version,
            fallback_reason=reason,
        )


def _reason(exc: LLMError) -> str:
    """The message without the "backend: " prefix that LLMError adds."""
    text = str(exc)
    prefix = f"{exc.backend}: "
    return text[len(prefix) :] if text.startswith(prefix) else text
