"""A backend that needs no model: it rebuilds an attributed article from the sources.

It exists so that newsdesk works with no LLM configured and so that a failing LLM
has somewhere honest to fall back to. It never paraphrases: every sentence it
emits is the source's own, and the result says so (``extractive=True``). It
answers in the same JSON the LLM is asked for, so one parser handles both.
"""

from __future__ import annotations

import json
import re
import time

from newsdesk.llm.base import (
    BackendRefused,
    CompletionRequest,
    CompletionResult,
    Health,
    SourceDocument,
)
from newsdesk.text.sentences import split_paragraphs, split_sentences

MODEL = "extractive-v1"
SUPPORTED_PURPOSES = ("rewrite",)

_WHITESPACE = re.compile(r"\s+")
# "Storm hits coast - Reuters", "Storm hits coast | Regional Agency": a trailing outlet
# name after a spaced separator. Only name-like tails (see _looks_like_outlet) are cut,
# so that "Storm hits coast - 40,000 without power" keeps its fact.
_OUTLET_SUFFIX = re.compile(
    r"^(?P<head>.+?)\s+[-\u2013\u2014|]\s+(?P<tail>[^-\u2013\u2014|]{1,40})$"
)
_NAME_CONNECTORS = frozenset({"of", "the", "and", "&", "for", "de", "news", "la", "el"})
_LABEL_PREFIX = re.compile(
    r"^(?:headline|title|breaking(?: news)?|update[d]?)\s*[:\-\u2013\u2014]\s*", re.I
)


class OfflineBackend:
    """Deterministic and always available: same sources in, same article out."""

    def __init__(self, name: str = "offline") -> None:
        self.name = name

    def complete(self, request: CompletionRequest) -> CompletionResult:
        started = time.perf_counter()
        if request.purpose not in SUPPORTED_PURPOSES:
            raise BackendRefused(
                self.name,
                f"the offline backend cannot serve purpose {request.purpose!r}; "
                f"it serves only: {', '.join(SUPPORTED_PURPOSES)}",
            )
        if not request.sources:
            raise BackendRefused(self.name, "a rewrite request needs at least one source")
        article = extractive_article(request.sources)
        return CompletionResult(
            text=json.dumps(article, ensure_ascii=False),
            backend=self.name,
            model=MODEL,
            latency_ms=(time.perf_counter() - started) * 1000,
            extractive=True,
        )

    def health(self) -> Health:
        return Health(ok=True, detail="offline extractive backend; needs no model")


def extractive_article(sources: tuple[SourceDocument, ...]) -> dict[str, object]:
    """Headline from the first titled source; every source paragraph, whole and in order,
    each closed by its source's attribution. Exact repeats (syndicated copies) are kept once."""
    paragraphs: list[str] = []
    seen: set[str] = set()
    for source in sources:
        for paragraph in source_paragraphs(source.text):
            key = paragraph.casefold()
            if key in seen:
                continue
            seen.add(key)
            paragraphs.append(f"{paragraph} [Source: {source.label}]")
    return {"headline": pick_headline(sources), "paragraphs": paragraphs}


def source_paragraphs(text: str) -> list[str]:
    """Paragraphs are separated by a blank line (the reader's contract); whitespace folded."""
    return [_WHITESPACE.sub(" ", block) for block in split_paragraphs(text)]


def pick_headline(sources: tuple[SourceDocument, ...]) -> str:
    for source in sources:
        headline = clean_title(source.title)
        if headline:
            return headline
    for source in sources:
        for paragraph in source_paragraphs(source.text):
            sentences = split_sentences(paragraph)
            if sentences:
                return sentences[0].rstrip(".")
    return ""


def clean_title(title: str) -> str:
    """Drop outlet suffixes and any "Headline:"-style label; keep the words as written."""
    cleaned = _WHITESPACE.sub(" ", title).strip()
    previous = None
    while cleaned and cleaned != previous:
        previous = cleaned
        cleaned = _LABEL_PREFIX.sub("", cleaned).strip()
        match = _OUTLET_SUFFIX.match(cleaned)
        # Never cut a title down to a stub: "Fed - Reuters" keeps both words.
        if match and _looks_like_outlet(match["tail"]) and len(match["head"].split()) >= 3:
            cleaned = match["head"].strip()
    return cleaned.strip(" \"'")


def _looks_like_outlet(tail: str) -> bool:
    """An outlet name is short, has no digits and is capitalised: "Reuters", "BBC News"."""
    words = tail.split()
    if not 1 <= len(words) <= 4 or any(ch.isdigit() for ch in tail):
        return False
    return all(w[0].isupper() or w.casefold() in _NAME_CONNECTORS for w in words) and (
        words[0][0].isupper()
    )
