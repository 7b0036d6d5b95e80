"""No padding: the body stays within the sources' length, and every long sentence carries
some fact from them.

Why: the system newsdesk replaces padded a four-sentence wire item with filler; a reader
cannot tell filler from reporting, so it must not reach the page.
"""

from __future__ import annotations

from collections.abc import Iterator

from newsdesk.editorial.guard.draft import Draft
from newsdesk.editorial.guard.features import SourceFacts
from newsdesk.editorial.guard.problems import Problem
from newsdesk.text.sentences import split_sentences
from newsdesk.text.tokens import STOPWORDS, stem, tokens

PADDING_RATIO = 1.3  # body may be at most this many times the source words ...
PADDING_ALLOWANCE = 25  # ... plus this many, so short sources leave room for attribution
FILLER_MIN_WORDS = 6  # a sentence this long (content words) ...
FILLER_MAX_SUPPORT = 0.2  # ... with at most this share found in the source carries no fact


def padded(draft: Draft) -> Iterator[Problem]:
    body, facts = draft.body, draft.facts
    body_words = sum(len(tokens(p)) for p in body)
    limit = PADDING_RATIO * facts.words + PADDING_ALLOWANCE
    if body_words > limit:
        yield Problem(
            "padding",
            "",
            f"the body has {body_words} words for {facts.words} source words (limit {int(limit)})",
        )
    for paragraph in body:
        for sentence in _filler(paragraph, facts):
            yield Problem("padding", sentence, "the sentence carries no fact from the sources")


def _filler(paragraph: str, facts: SourceFacts) -> Iterator[str]:
    for sentence in split_sentences(paragraph):
        content = [t for t in tokens(sentence) if t.lower not in STOPWORDS and len(t.text) > 2]
        if len(content) < FILLER_MIN_WORDS:
            continue
        supported = sum(1 for t in content if stem(t.text) in facts.stems)
        if supported / len(content) <= FILLER_MAX_SUPPORT:
            yield sentence
