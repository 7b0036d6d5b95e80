"""Sentence features for the extractive summarizer, shared by run time and the training script.

Why one module: the learned weights are only meaningful for the exact features they were
trained on, so the trainer (scripts/train_summarizer.py) and `summarize` import this code
rather than each keeping a copy. Every feature is cheap (set algebra over lowercased words);
the whole article is tokenised once.

A feature row is the product of a few *sentence* features (position, length, centrality,
overlap with title and lead, facts, quotes) with a few *document* features (length, sentence
length, paragraph structure, whether there is a headline). The products let one set of weights
behave differently on a long wire story and a short briefing — for example preferring short
sentences in one and long ones in the other — without being told where the text came from.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from itertools import chain
from operator import mul
from typing import NamedTuple

from newsdesk.editorial.summary.analysis import NO_TAIL, Item, Tail

__all__ = [
    "DOC_FEATURES",
    "SENTENCE_FEATURES",
    "feature_names",
    "feature_rows",
    "features",
    "scores",
]

SENTENCE_FEATURES: tuple[str, ...] = (
    "position",  # 1 / (1 + index): news puts the point first
    "relative_position",  # index / (sentences - 1)
    "first",  # the lead sentence
    "second",
    "third",
    "fourth",
    "fifth",
    "first_ten",  # within the first ten sentences
    "paragraph_first",  # opens its paragraph
    "words",  # min(words, 60) / 60
    "words_squared",
    "very_short",  # under 6 words: fragments, captions, datelines
    "centrality",  # shares words with the rest of the article (0..1, max = 1)
    "centrality_squared",
    "centrality_words",  # central and long: covers much of what the article says
    "centrality_rank",  # 1 for the most central sentence, falling to 0
    "title",  # share of the headline's words it contains
    "lead",  # share of the first sentence's words it contains
    "facts",  # capitalised words and numbers per word
    "number",  # holds a digit
    "quote",  # holds a quotation mark
    "question",  # ends with "?"
    "position_words",  # early and long
    "position_centrality",  # early and central
    "position_quote",  # an early quote (often a reaction, rarely the news)
    "position_number",
    "words_quote",
    "pronoun_start",  # opens with He/She/It/They...: leans on an earlier sentence
    "attribution",  # "said", "says", "told": reported speech
    "quote_start",  # opens with a quotation mark
)
DOC_FEATURES: tuple[str, ...] = (
    "bias",
    "doc_words",  # min(words, 2000) / 1000
    "sentence_words",  # mean words per sentence / 30
    "paragraph_share",  # paragraphs per sentence
    "has_title",
)

_QUOTE = re.compile("[\"\u201c\u201d]")
_DIGIT = re.compile(r"\d")
# The one-hot position features (first … fifth, first ten) for ranks 0-9, and after.
_RANK_FLAGS = [
    (*(1.0 if rank == k else 0.0 for k in range(5)), 1.0) for rank in range(10)
]
_LATE = (0.0,) * 6
_PRONOUN_START = re.compile(r"(?:He|She|It|They|This|That|These|Those|His|Her|Their|But|And)\b")
_ATTRIBUTION = re.compile(r"\b(?:said|says|told|added)\b")


def feature_names() -> list[str]:
    return [f"{s}*{d}" for s in SENTENCE_FEATURES for d in DOC_FEATURES]


def feature_rows(
    items: list[Item], title_terms: AbstractSet[str], tail: Tail = NO_TAIL
) -> list[list[float]]:
    """One row per item: every sentence feature times every document feature (for training)."""
    sentence_rows, doc = features(items, title_terms, tail)
    return [[s * d for s in row for d in doc] for row in sentence_rows]


class _Document(NamedTuple):
    """What every sentence's features need from the whole article, computed once."""

    centrality: list[float]  # raw: shared-word mass with the other sentences
    top: float  # the largest raw centrality (1.0 when all are 0)
    central_rank: list[float]  # 1 for the most central sentence, falling to 0
    doc: tuple[float, ...]  # the DOC_FEATURES vector
    lead_terms: AbstractSet[str]
    last: int  # max(sentences - 1, 1), the tail's sentences included


def _document(items: list[Item], title_terms: AbstractSet[str], tail: Tail) -> _Document:
    n = len(items)
    # A term counts once per analysed sentence it is in, and once per occurrence in the tail.
    doc_freq: Counter[str] = Counter(chain.from_iterable([*[it.terms for it in items], tail.terms]))
    total_words = sum([it.words for it in items]) + tail.words
    sentences = n + tail.sentences
    others = max(sentences - 1, 1)
    count = dict(doc_freq).__getitem__  # a plain dict's lookup is faster than a Counter's
    raw_centrality = [
        (sum(map(count, it.terms)) - len(it.terms)) / (others * math.sqrt(len(it.terms)))
        if it.terms
        else 0.0
        for it in items
    ]
    top = max(raw_centrality, default=0.0) or 1.0
    paragraphs = (items[-1].sentence.paragraph + 1 if items else 1) + tail.paragraphs
    doc = (
        1.0,
        min(total_words, 2000) / 1000,
        total_words / max(sentences, 1) / 30,
        paragraphs / max(sentences, 1),
        1.0 if title_terms else 0.0,
    )
    # Most central first, ties in article order (a stable sort keeps it when reversed).
    order = sorted(range(n), key=raw_centrality.__getitem__, reverse=True)
    central_rank = [0.0] * n
    last_candidate = max(n - 1, 1)
    for place, i in enumerate(order):
        central_rank[i] = 1.0 - place / last_candidate
    lead_terms = items[0].terms if items else frozenset()
    return _Document(raw_centrality, top, central_rank, doc, lead_terms, others)


def features(
    items: list[Item], title_terms: AbstractSet[str], tail: Tail = NO_TAIL
) -> tuple[list[tuple[float, ...]], tuple[float, ...]]:
    """Sentence feature rows and the document feature vector, kept apart (for training and
    for checking `scores`, which computes the same model without building the rows)."""
    centrality, top, central_rank, doc, lead_terms, last = _document(items, title_terms, tail)
    rows: list[tuple[float, ...]] = []
    previous_paragraph = -1
    title_size, lead_size = len(title_terms), len(lead_terms)
    for rank, (it, central) in enumerate(zip(items, centrality, strict=True)):
        words = min(it.words, 60) / 60
        text = it.text
        position = 1.0 / (1.0 + rank)
        share = central / top
        number = 1.0 if _DIGIT.search(text) else 0.0
        quote = 1.0 if _QUOTE.search(text) else 0.0
        its = it.terms
        rows.append((
            position,
            rank / last,
            *(_RANK_FLAGS[rank] if rank < 10 else _LATE),
            1.0 if it.sentence.paragraph != previous_paragraph else 0.0,
            words,
            words * words,
            1.0 if it.words < 6 else 0.0,
            share,
            share * share,
            share * words,
            central_rank[rank],
            len(its & title_terms) / title_size if title_size else 0.0,
            len(its & lead_terms) / lead_size if lead_size else 0.0,
            it.facts / it.words if it.words else 0.0,
            number,
            quote,
            1.0 if text.endswith("?") else 0.0,
            position * words,
            position * share,
            position * quote,
            position * number,
            words * quote,
            1.0 if _PRONOUN_START.match(text) else 0.0,
            1.0 if _ATTRIBUTION.search(text) else 0.0,
            1.0 if text[:1] in "\"\u201c'\u2018" else 0.0,
        ))
        previous_paragraph = it.sentence.paragraph
    return rows, doc


def per_document_weights(weights: Sequence[float], doc: tuple[float, ...]) -> list[float]:
    """Per-document weights of the sentence features: a linear model over sentence x
    document products is, for one document, a linear model over the sentence features."""
    width = len(doc)
    return [
        sum(map(mul, weights[i : i + width], doc))
        for i in range(0, len(weights), width)
    ]


def scores(
    items: list[Item], title_terms: AbstractSet[str], weights: Sequence[float],
    tail: Tail = NO_TAIL,
) -> list[float]:
    """The linear score of every `features` row under `weights`, without building the rows.

    Why a second path: run time is dominated by per-sentence Python work, and most feature
    values are 0 (flags, one-hot positions) or products of a few shared numbers. Zero terms
    are skipped and products of a shared number are summed as one product, so the result
    equals scoring the rows up to rounding; tests/editorial/summary/test_extractive_fast_paths.py
    checks that it does.
    """
    centrality, top, central_rank, doc, lead_terms, last = _document(items, title_terms, tail)
    (
        f_position, f_relative, f_first, f_second, f_third, f_fourth, f_fifth, f_first_ten,
        f_paragraph_first, f_words, f_words_squared, f_very_short, f_centrality,
        f_centrality_squared, f_centrality_words, f_centrality_rank, f_title, f_lead, f_facts,
        f_number, f_quote, f_question, f_position_words, f_position_centrality,
        f_position_quote, f_position_number, f_words_quote, f_pronoun_start, f_attribution,
        f_quote_start,
    ) = per_document_weights(weights, doc)
    one_hot = (f_first, f_second, f_third, f_fourth, f_fifth)
    title_size, lead_size = len(title_terms), len(lead_terms)
    digit, pronoun, attribution = _DIGIT.search, _PRONOUN_START.match, _ATTRIBUTION.search
    out: list[float] = []
    previous_paragraph = -1
    for rank, (it, central) in enumerate(zip(items, centrality, strict=True)):
        count = it.words
        words = min(count, 60) / 60
        text = it.text
        position = 1.0 / (1.0 + rank)
        share = central / top
        # The terms in `words`, `share` and `position` are grouped by the number they share.
        s = (
            words * (f_words + f_words_squared * words + f_centrality_words * share
                     + f_position_words * position)
            + share * (f_centrality + f_centrality_squared * share)
            + position * (f_position + f_position_centrality * share)
            + f_relative * (rank / last)
            + f_centrality_rank * central_rank[rank]
        )
        if rank < 10:
            if rank < 5:
                s += one_hot[rank]
            s += f_first_ten
        paragraph = it.sentence.paragraph
        if paragraph != previous_paragraph:
            s += f_paragraph_first
        previous_paragraph = paragraph
        if count < 6:
            s += f_very_short
        its = it.terms
        if title_size:
            s += f_title * (len(its & title_terms) / title_size)
        if lead_size:
            s += f_lead * (len(its & lead_terms) / lead_size)
        if count:
            s += f_facts * (it.facts / count)
        if digit(text) is not None:
            s += f_number + f_position_number * position
        if '"' in text or "\u201c" in text or "\u201d" in text:  # _QUOTE, found faster
            s += f_quote + f_position_quote * position + f_words_quote * words
        if text.endswith("?"):
            s += f_question
        if pronoun(text):
            s += f_pronoun_start
        if ("said" in text or "says" in text or "told" in text or "added" in text) and attribution(
            text
        ):
            s += f_attribution
        if text[:1] in "\"\u201c'\u2018":
            s += f_quote_start
        out.append(s)
    return out
