"""Turn source items into an original, attributed article: prompt, parser and policy.

The backend only completes text. This module decides what to ask, what counts as a
usable answer, and what to do when there is none: one repair for malformed output,
a few patient retries for an unavailable backend, then the fallback. It does not
judge faithfulness; the fact guard does that on the parsed result.
"""

from __future__ import annotations

import json
import random
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

from newsdesk.llm.base import (
    Backend,
    BackendRefused,
    BackendUnavailable,
    BadOutput,
    CompletionRequest,
    CompletionResult,
    LLMError,
    Message,
    SourceDocument,
)

PROMPT_VERSION = "rewrite-v1"
PURPOSE = "rewrite"
PARSER = "rewrite-parser"

_WHITESPACE = re.compile(r"\s+")
_FENCE = re.compile(r"```[ \t]*(?:json)?[ \t]*\n?(.*?)```", re.S | re.I)
_ATTRIBUTION = re.compile(r"\[\s*source\s*:\s*([^\]]*?)\s*\]", re.I)
_HEADLINE_LABEL = re.compile(r"^(?:headline|title)\s*:\s*", re.I)
_REPAIR_ECHO_LIMIT = 6000


# -- request -----------------------------------------------------------------------


@cache
def system_prompt() -> str:
    path = resources.files("newsdesk.editorial").joinpath("prompts", "rewrite_v1.txt")
    return path.read_text(encoding="utf-8").strip()


def build_rewrite_request(sources: Sequence[SourceDocument]) -> CompletionRequest:
    """The system prompt holds the rules; the user message holds only the delimited sources."""
    if not sources:
        raise ValueError("a rewrite needs at least one source")
    labels = [s.label for s in sources]
    if len(set(labels)) != len(labels):
        raise ValueError(f"source labels must be distinct, got {labels}")
    words = sum(len(s.text.split()) for s in sources)
    blocks = "\n\n".join(_source_block(s) for s in sources)
    user = (
        "Write an original news article from the source material below.\n"
        f"Labels you may use in [Source: LABEL]: {', '.join(labels)}\n"
        f"The source text runs {words} words; the article must not be longer.\n\n"
        f"{blocks}\n\n"
        'Reply with only the JSON object {"headline": ..., "paragraphs": [...]}.'
    )
    return CompletionRequest(
        messages=(Message("system", system_prompt()), Message("user", user)),
        purpose=PURPOSE,
        prompt_version=PROMPT_VERSION,
        sources=tuple(sources),
        json_output=True,
        # Room for the article plus JSON and attributions, never a runaway essay.
        max_tokens=max(512, min(4096, words * 2 + 256)),
    )


def _source_block(source: SourceDocument) -> str:
    # A source must not be able to close its own delimiter and speak as the prompt.
    text = source.text.strip().replace("</source>", "</ source>")
    title = source.title.strip().replace("</source>", "</ source>")
    return f'<source label="{source.label}">\nTitle: {title}\n\n{text}\n</source>'


def repair_request(
    request: CompletionRequest, bad_text: str | None, reason: str
) -> CompletionRequest:
    """The original conversation, the unusable reply, and exactly what was wrong with it."""
    messages = list(request.messages)
    if bad_text:
        messages.append(Message("assistant", bad_text[:_REPAIR_ECHO_LIMIT]))
    messages.append(
        Message(
            "user",
            f"That reply could not be used: {reason}.\n"
            "Answer again following every rule above. Reply with only one JSON object "
            '{"headline": "...", "paragraphs": ["...", "..."]}, with no other text.',
        )
    )
    return CompletionRequest(
        messages=tuple(messages),
        purpose=request.purpose,
        prompt_version=request.prompt_version,
        sources=request.sources,
        json_output=request.json_output,
        max_tokens=request.max_tokens,
        temperature=request.temperature,
    )


# -- parsing -----------------------------------------------------------------------


@dataclass(frozen=True)
class Rewrite:
    headline: str
    paragraphs: tuple[str, ...]
    labels_used: tuple[str, ...]


class RewriteParseError(BadOutput):
    """The reply is not the asked-for JSON; ``reason`` is fed back in the repair request."""

    def __init__(self, reason: str) -> None:
        super().__init__(PARSER, reason)
        self.reason = reason


def parse_rewrite(text: str, sources: Sequence[SourceDocument]) -> Rewrite:
    """Accept one JSON object, fenced or wrapped in chatter; reject anything else, precisely."""
    data = _one_json_object(text)
    headline = _headline(data)
    paragraphs = _paragraphs(data)
    labels_used = _check_labels(paragraphs, sources)
    return Rewrite(headline=headline, paragraphs=paragraphs, labels_used=labels_used)


def _one_json_object(text: str) -> dict[str, Any]:
    stripped = text.strip()
    if not stripped:
        raise RewriteParseError("the reply is empty")
    fences = _FENCE.findall(stripped)
    body = "\n".join(fences) if fences else stripped
    if body.lstrip().startswith("{"):
        try:
            whole = json.loads(body)
        except json.JSONDecodeError as exc:
            if not _json_objects(body):
                raise RewriteParseError(f"the reply is not valid JSON ({exc})") from None
        else:
            if isinstance(whole, dict):
                return whole
    objects = _json_objects(body)
    if len(objects) > 1:
        # Chatter may hold stray objects; only those shaped like the answer count.
        objects = [o for o in objects if "headline" in o or "paragraphs" in o]
    if not objects:
        raise RewriteParseError(
            'the reply contains no JSON object; expected {"headline": ..., "paragraphs": [...]}'
        )
    if len(objects) > 1:
        raise RewriteParseError(f"the reply contains {len(objects)} JSON objects, not one")
    return objects[0]


def _json_objects(text: str) -> list[dict[str, Any]]:
    """Every top-level JSON object embedded in ``text``, left to right."""
    decoder = json.JSONDecoder()
    found: list[dict[str, Any]] = []
    pos = text.find("{")
    while pos != -1:
        try:
            value, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError:
            pos = text.find("{", pos + 1)
            continue
        if isinstance(value, dict):
            found.append(value)
        pos = text.find("{", end)
    return found


def _headline(data: dict[str, Any]) -> str:
    if "headline" not in data:
        raise RewriteParseError('the JSON object has no "headline" key')
    raw = data["headline"]
    if not isinstance(raw, str):
        raise RewriteParseError(f'"headline" must be a string, not {type(raw).__name__}')
    headline = _fold(_ATTRIBUTION.sub(" ", raw))
    headline = _HEADLINE_LABEL.sub("", headline).strip(" \"'\u201c\u201d")
    if not headline:
        raise RewriteParseError('"headline" is empty')
    return headline


def _paragraphs(data: dict[str, Any]) -> tuple[str, ...]:
    if "paragraphs" not in data:
        raise RewriteParseError('the JSON object has no "paragraphs" key')
    raw = data["paragraphs"]
    if not isinstance(raw, list):
        raise RewriteParseError(f'"paragraphs" must be a list of strings, not {type(raw).__name__}')
    paragraphs: list[str] = []
    for index, item in enumerate(raw):
        if not isinstance(item, str):
            raise RewriteParseError(
                f'"paragraphs"[{index}] must be a string, not {type(item).__name__}'
            )
        paragraph = _ATTRIBUTION.sub(lambda m: f"[Source: {_fold(m[1])}]", _fold(item))
        if paragraph:
            paragraphs.append(paragraph)
    if not paragraphs:
        raise RewriteParseError('"paragraphs" is empty')
    return tuple(paragraphs)


def _check_labels(
    paragraphs: tuple[str, ...], sources: Sequence[SourceDocument]
) -> tuple[str, ...]:
    allowed = {_fold(s.label): s.label for s in sources}
    used: list[str] = []
    for paragraph in paragraphs:
        for match in _ATTRIBUTION.finditer(paragraph):
            label = allowed.get(match[1])
            if label is None:
                raise RewriteParseError(
                    f"attribution label {match[1]!r} is not one of the given sources "
                    f"({', '.join(allowed.values())})"
                )
            if label not in used:
                used.append(label)
    if not used:
        raise RewriteParseError("no paragraph carries a [Source: LABEL] attribution")
    return tuple(used)


def _fold(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


# -- policy ------------------------------------------------------------------------

AttemptOutcome = Literal["ok", "bad_output", "unavailable", "refused"]


@dataclass(frozen=True)
class Attempt:
    backend: str
    outcome: AttemptOutcome
    detail: str
    latency_ms: float


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
) -> RewriteOutcome:
    """Rewrite with ``backend``; if it cannot deliver, with ``fallback``; else raise its error."""
    request = build_rewrite_request(sources)
    run = _Run(request, policy, sleep, rng)
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
    ) -> None:
        self.request = request
        self.policy = policy
        self.sleep = sleep
        self.rng = rng
        self.slept = 0.0
        self.attempts: list[Attempt] = []

    def on(self, backend: Backend) -> tuple[Rewrite, CompletionResult]:
        request = self.request
        retries = 0
        repaired = False
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
                    raise
                repaired = True
                request = repair_request(self.request, None, _reason(exc))
                continue
            try:
                article = parse_rewrite(result.text, self.request.sources)
            except RewriteParseError as exc:
                self.attempts.append(
                    Attempt(backend.name, "bad_output", exc.reason, result.latency_ms)
                )
                if repaired:
                    raise BadOutput(backend.name, exc.reason) from exc
                repaired = True
                request = repair_request(self.request, result.text, exc.reason)
                continue
            self.attempts.append(Attempt(backend.name, "ok", result.model, result.latency_ms))
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
        self.attempts.append(Attempt(backend.name, outcome, _reason(exc), latency_ms))

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
