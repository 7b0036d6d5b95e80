"""LLM summaries on the Django side: choose the backend, guard the answer, log the run."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from newsdesk import conf
from newsdesk.articles.models import Article
from newsdesk.articles.runs import RunRecorder
from newsdesk.editorial import guard
from newsdesk.editorial.summary.llm import llm_summary
from newsdesk.llm.base import LLMError
from newsdesk.llm.registry import get_backends
from newsdesk.text.sentences import split_sentences

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Written:
    text: str  # empty when the LLM summary was not usable
    made_by: str  # the backend, or why the extractive summary was kept


def llm_summary_writer(article: Article, text: str) -> Callable[[int], Written] | None:
    """A function making one guarded LLM summary per call, or None when not configured."""
    if not conf.options().llm.summaries:
        return None
    llm = conf.options().llm
    backend, _ = get_backends(llm.backend, llm.fallback, llm.backends)
    if backend.name == "offline":
        return None
    recorder = RunRecorder(article.source_item, article)
    labels = set(article.attributions.values_list("label", flat=True))
    facts = [article.headline, text, article.source_item.text]

    def write(sentences: int) -> Written:
        try:
            summary = llm_summary(backend, article.headline, text, sentences, recorder)
        except LLMError as exc:
            logger.info("article %s: LLM summary failed: %s", article.pk, exc)
            return Written("", "LLM summary failed")
        # The headline is the article's own and so part of the fact base, and a summary
        # carries no [Source: …] of its own (the page shows it under the article's), so
        # it is checked as attributed to the article's first source: only the summary's
        # own words can fail here.
        marker = f" [Source: {sorted(labels)[0]}]" if labels else ""
        verdict = guard.check(article.headline, [summary + marker], facts, labels)
        if not verdict.passed:
            kinds = ", ".join(sorted(verdict.kinds()))
            logger.info("article %s: LLM summary failed the guard (%s)", article.pk, kinds)
            return Written("", f"LLM summary failed the guard: {kinds}")
        return Written(summary, f"llm:{backend.name}"[:100])

    return write


def place_sentences(summary: str, kept: list[tuple[int, str]]) -> list[dict[str, object]]:
    """Map each summary sentence to the article paragraph sharing most words with it,
    so "Read in context" still lands somewhere sensible."""
    placed: list[dict[str, object]] = []
    for sentence in split_sentences(summary) or [summary]:
        words = set(sentence.casefold().split())
        best = max(kept, key=lambda pair: len(words & set(pair[1].casefold().split())),
                   default=(0, ""))
        placed.append({"text": sentence, "paragraph": best[0]})
    return placed
