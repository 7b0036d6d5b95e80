"""Summaries written by an LLM, for operators who configure one.

The model is asked once per length; the answer is cleaned of wrapping and labels and
handed back as plain text. Whether it may be stored is the guard's decision, made by
the caller against the article: an LLM summary that invents anything is replaced by
the extractive one, never shown.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable

from newsdesk.editorial.rewrite.policy import Attempt, AttemptOutcome
from newsdesk.llm.base import Backend, BadOutput, CompletionRequest, LLMError, Message

PROMPT_VERSION = "summary-v1"
PURPOSE = "summary"

_SYSTEM = (
    "You summarize news articles for readers in a hurry. Use only facts stated in the "
    "article: keep numbers, names and dates exactly as written, add nothing, quote nothing "
    "that is not in it. Write plain sentences with no heading, label, list or comment. "
    'Reply with only the JSON object {"summary": "..."}.'
)
_LABEL = re.compile(r"^\s*(?:summary|here is (?:a|the) summary)\s*[:\-]\s*", re.IGNORECASE)


def summary_request(title: str, text: str, sentences: int) -> CompletionRequest:
    plural = "sentence" if sentences == 1 else "sentences"
    user = (f"Summarize this article in at most {sentences} {plural}.\n\n"
            f"<article>\nTitle: {title}\n\n{text.strip()}\n</article>")
    return CompletionRequest(
        messages=(Message("system", _SYSTEM), Message("user", user)),
        purpose=PURPOSE,
        prompt_version=PROMPT_VERSION,
        json_output=True,
        max_tokens=60 * sentences + 40,
        temperature=0.1,
    )


def parse_summary(text: str) -> str:
    """``{"summary": …}`` or, from a model that ignored the format, the plain text."""
    raw = text.strip()
    if raw.startswith("```"):
        raw = raw.strip("`").removeprefix("json").strip()
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        data = None
    if isinstance(data, dict):
        value = data.get("summary")
        raw = value if isinstance(value, str) else ""
    cleaned = _LABEL.sub("", " ".join(raw.split())).strip(" \"'")
    if not cleaned:
        raise ValueError("the reply holds no summary")
    return cleaned


def llm_summary(backend: Backend, title: str, text: str, sentences: int,
                observer: Callable[[Attempt], None] | None = None) -> str:
    """One call, one summary; raises LLMError when there is none to be had."""
    request = summary_request(title, text, sentences)
    started = time.perf_counter()
    try:
        result = backend.complete(request)
    except LLMError as exc:
        _notify(observer, Attempt(backend.name, _kind(exc), str(exc),
                                  (time.perf_counter() - started) * 1000,
                                  prompt_version=PROMPT_VERSION, purpose=PURPOSE))
        raise
    try:
        summary = parse_summary(result.text)
    except ValueError as exc:
        _notify(observer, Attempt(backend.name, "bad_output", str(exc), result.latency_ms,
                                  model=result.model, tokens_in=result.tokens_in,
                                  tokens_out=result.tokens_out,
                                  prompt_version=PROMPT_VERSION, purpose=PURPOSE))
        raise BadOutput(backend.name, str(exc)) from exc
    _notify(observer, Attempt(backend.name, "ok", "", result.latency_ms, model=result.model,
                              tokens_in=result.tokens_in, tokens_out=result.tokens_out,
                              prompt_version=PROMPT_VERSION, purpose=PURPOSE))
    return summary


def _kind(exc: LLMError) -> AttemptOutcome:
    from newsdesk.llm.base import BackendRefused, BackendUnavailable

    if isinstance(exc, BackendUnavailable):
        return "unavailable"
    if isinstance(exc, BackendRefused):
        return "refused"
    return "bad_output"


def _notify(observer: Callable[[Attempt], None] | None, attempt: Attempt) -> None:
    if observer is not None:
        observer(attempt)
