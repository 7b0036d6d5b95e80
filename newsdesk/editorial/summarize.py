"""Fast extractive summaries for "No time to read? Get a summary".

Why extractive: every summary sentence is a sentence of the published article, so a summary
cannot say anything the article does not. Scoring is a weighted sum of a few cheap features;
all features live in `_features` and all weights in `Weights`, so tuning against ROUGE
baselines means changing numbers in one place (or passing `weights=`).
"""

from __future__ import annotations

import math
import re
import string
from collections import Counter
from dataclasses import dataclass

from newsdesk.editorial.sentences import Sentence, segment

__all__ = [
    "LENGTHS",
    "METHOD",
    "WEIGHTS",
    "Summary",
    "SummarySentence",
    "Weights",
    "summarize",
]

METHOD = "extractive-v1"
LENGTHS: dict[str, int] = {"short": 1, "standard": 3, "long": 5}

NON_ENGLISH_NOTE = "text does not look like English; sentence splitting and scoring assume English"


@dataclass(frozen=True)
class SummarySentence:
    text: str
    paragraph: int  # 0-based paragraph of the article, so the page can link to it
    index: int  # 0-based sentence index within the article


@dataclass(frozen=True)
class Summary:
    sentences: tuple[SummarySentence, ...]
    method: str
    note: str = ""

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)


@dataclass(frozen=True)
class Weights:
    """Every tunable number of the scorer, in one place."""

    position: float = 1.0  # lead bias: news puts the point first
    title: float = 0.8  # shares words with the headline
    lead: float = 0.4  # echoes the first sentence
    centrality: float = 1.0  # shares words with the rest of the article
    density: float = 0.3  # names and numbers carry the facts
    length: float = 0.8  # subtracted for very short / very long sentences
    position_decay: float = 0.5  # position feature = 1 / (1 + index) ** decay
    ideal_min_words: int = 8
    ideal_max_words: int = 35
    duplicate_jaccard: float = 0.6  # skip a sentence this similar to one already chosen


WEIGHTS = Weights()

# Punctuation becomes a space and str.split() tokenises: several times faster than a regex.
_PUNCTUATION = str.maketrans(
    dict.fromkeys(
        string.punctuation + "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00ab\u00bb", " "
    )
)
_STOPWORD_TEXT = """a about above after again against all also am an and any are as at be because
    been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers him his how i if in into is it its
    itself just me more most my no nor not now of off on once only or other our ours out over
    own said same she should so some such than that the their theirs them then there these
    they this those through to too under until up very was we were what when where which
    while who whom why will with would you your says say told according new"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
# A capitalised word or a number after the first word: names and figures carry the facts.
_FACT = re.compile(r"\s[\"'(\u201c\u2018]?[A-Z0-9]")
_ENGLISH_MIN_STOPWORD_SHARE = 0.15
_ENGLISH_MIN_TOKENS = 8


@dataclass(frozen=True, slots=True)
class _Item:
    sentence: Sentence
    terms: frozenset[str]
    words: int
    density: float


def summarize(
    text: str, *, title: str = "", sentences: int = 3, weights: Weights = WEIGHTS
) -> Summary:
    """Pick the `sentences` best sentences and return them in article order."""
    if not text or text.isspace():
        raise ValueError("cannot summarize empty text")
    if sentences < 1:
        raise ValueError("sentences must be at least 1")
    items, stopword_share, token_count = _analyse(text)
    note = ""
    mostly_non_ascii = len(text.encode("ascii", "ignore")) < len(text) / 2  # e.g. CJK scripts
    few_stopwords = stopword_share < _ENGLISH_MIN_STOPWORD_SHARE
    if mostly_non_ascii or (token_count >= _ENGLISH_MIN_TOKENS and few_stopwords):
        note = NON_ENGLISH_NOTE
    title_key = _fold(title)
    if title_key and len(items) > 1:  # sources sometimes repeat the headline as line one
        items = [it for it in items if _fold(it.sentence.text) != title_key] or items
    if len(items) > sentences:
        items = _select(items, _terms(title), sentences, weights)
    chosen = tuple(
        SummarySentence(it.sentence.text, it.sentence.paragraph, it.sentence.index)
        for it in sorted(items, key=lambda it: it.sentence.index)
    )
    return Summary(chosen, METHOD, note)


def _select(items: list[_Item], title_terms: frozenset[str], k: int, w: Weights) -> list[_Item]:
    scores = _score(items, title_terms, w)
    ranked = sorted(range(len(items)), key=lambda i: (-scores[i], i))
    chosen: list[_Item] = []
    for i in ranked:
        item = items[i]
        if not any(_jaccard(item.terms, c.terms) >= w.duplicate_jaccard for c in chosen):
            chosen.append(item)
            if len(chosen) == k:
                break
    return chosen


def _score(items: list[_Item], title_terms: frozenset[str], w: Weights) -> list[float]:
    return [
        w.position * position
        + w.title * title
        + w.lead * lead
        + w.centrality * centrality
        + w.density * density
        - w.length * length_penalty
        for position, title, lead, centrality, density, length_penalty in _features(
            items, title_terms, w
        )
    ]


def _features(
    items: list[_Item], title_terms: frozenset[str], w: Weights
) -> list[tuple[float, float, float, float, float, float]]:
    """Per sentence: position, title, lead, centrality, density, length penalty (all 0..1)."""
    doc_freq: Counter[str] = Counter()
    for it in items:
        doc_freq.update(it.terms)
    others = max(len(items) - 1, 1)
    raw_centrality = [
        sum(doc_freq[t] - 1 for t in it.terms) / (others * math.sqrt(len(it.terms)))
        if it.terms
        else 0.0
        for it in items
    ]
    top = max(raw_centrality) or 1.0
    lead_terms = items[0].terms
    rows = []
    for rank, (it, central) in enumerate(zip(items, raw_centrality, strict=True)):
        rows.append(
            (
                1.0 / (1.0 + rank) ** w.position_decay,
                _coverage(it.terms, title_terms),
                _coverage(it.terms, lead_terms),  # the lead covers itself fully
                central / top,
                it.density,
                _length_penalty(it.words, w),
            )
        )
    return rows


def _length_penalty(words: int, w: Weights) -> float:
    if words < w.ideal_min_words:
        return (w.ideal_min_words - words) / w.ideal_min_words
    if words > w.ideal_max_words:
        return min(1.0, (words - w.ideal_max_words) / w.ideal_max_words)
    return 0.0


def _analyse(text: str) -> tuple[list[_Item], float, int]:
    """Tokenise once: per-sentence terms plus the document's English stopword share.

    Per-word Python work is the cost centre, so counting is left to Counter and set algebra.
    """
    items: list[_Item] = []
    counts: Counter[str] = Counter()
    for sentence in segment(text):
        words = _tokens(sentence.text)
        counts.update(words)
        facts = len(_FACT.findall(sentence.text))
        content = _stems(set(words) - _STOPWORDS)
        density = facts / len(words) if words else 0.0
        items.append(_Item(sentence, content, len(words), density))
    tokens = counts.total()
    stopwords = sum(n for word, n in counts.items() if word in _STOPWORDS)
    return items, (stopwords / tokens if tokens else 0.0), tokens


def _terms(text: str) -> frozenset[str]:
    return _stems(set(_tokens(text)) - _STOPWORDS)


def _tokens(text: str) -> list[str]:
    return text.lower().translate(_PUNCTUATION).split()


def _stems(words: set[str]) -> frozenset[str]:
    """Crude plural folding so "outages" meets "outage"; cheap and good enough for overlap."""
    return frozenset(
        w[:-1] if len(w) > 3 and w[-1] == "s" and w[-2] != "s" else w for w in words if len(w) > 1
    )


def _coverage(terms: frozenset[str], target: frozenset[str]) -> float:
    return len(terms & target) / len(target) if target else 0.0


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def _fold(text: str) -> str:
    return " ".join(text.split()).rstrip(".").casefold()
