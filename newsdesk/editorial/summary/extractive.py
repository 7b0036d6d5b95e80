"""Fast extractive summaries for "No time to read? Get a summary".

Why extractive: every summary sentence is a sentence of the published article, so a summary
cannot say anything the article does not. Each sentence is scored by a small learned linear
model over cheap features (`summary_features`); its weights live in
`summarizer_weights.json`, written by scripts/train_summarizer.py. The best sentences are
returned in article order, each with the paragraph it came from.
"""

from __future__ import annotations

import json
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache
from operator import mul
from pathlib import Path

from newsdesk.editorial.summary.analysis import NO_TAIL, Item, Tail, analyse
from newsdesk.editorial.summary.features import feature_names, per_document_weights, scores
from newsdesk.editorial.summary.terms import jaccard, terms

__all__ = [
    "LENGTHS",
    "METHOD",
    "Model",
    "Summary",
    "SummarySentence",
    "bullets",
    "candidates",
    "default_model",
    "summarize",
]

METHOD = "extractive-v2"
# Stored lengths (publishing makes one row of each). "bullets" is a way of showing the
# standard summary, not another length; see `bullets`.
LENGTHS: dict[str, int] = {"short": 1, "standard": 3, "long": 5}
BULLET = "\u2022 "

NON_ENGLISH_NOTE = "text does not look like English; sentence splitting and scoring assume English"
WEIGHTS_FILE = Path(__file__).with_name("summarizer_weights.json")
# Skip a sentence this similar (word-set Jaccard) to one already chosen: no repeated news.
DUPLICATE_JACCARD = 0.45
QUOTE_FRAGMENT_PENALTY = 0.05
MIN_WORDS = 5
# Candidates are the first CANDIDATE_LIMIT sentences (see `summary_analysis.analyse`); a
# summary longer than LIMITED_UP_TO sentences considers every sentence.
CANDIDATE_LIMIT = 18
LIMITED_UP_TO = 5
_ENGLISH_MIN_STOPWORD_SHARE = 0.15
_ENGLISH_MIN_TOKENS = 8


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
class Model:
    """A linear sentence scorer: one weight per named feature."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    note: str = ""

    def check(self) -> Model:
        if self.features != tuple(feature_names()):
            raise ValueError("summarizer weights do not match the features; retrain them")
        if len(self.weights) != len(self.features):
            raise ValueError("summarizer weights: one weight per feature expected")
        return self

    def scores(self, rows: list[tuple[float, ...]], doc: tuple[float, ...]) -> list[float]:
        """Score each sentence row; the document part of every weight is folded in first."""
        folded = per_document_weights(self.weights, doc)
        return [sum(map(mul, folded, row)) for row in rows]

    def score_items(
        self, items: list[Item], title_terms: AbstractSet[str], tail: Tail = NO_TAIL
    ) -> list[float]:
        """The same scores as `scores(*features(items, title_terms, tail))`, several times
        faster."""
        return scores(items, title_terms, self.weights, tail)

    def to_json(self) -> str:
        data = {
            "note": self.note,
            "weights": {
                name: round(w, 6) for name, w in zip(self.features, self.weights, strict=True)
            },
        }
        return json.dumps(data, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Model:
        data = json.loads(text)
        weights: dict[str, float] = data["weights"]
        names = tuple(feature_names())
        return cls(names, tuple(float(weights[n]) for n in names), data.get("note", "")).check()


@cache
def default_model() -> Model:
    return Model.from_json(WEIGHTS_FILE.read_text(encoding="utf-8"))


def summarize(
    text: str, *, title: str = "", sentences: int = 3, model: Model | None = None
) -> Summary:
    """Pick the `sentences` best sentences and return them in article order."""
    if not text or text.isspace():
        raise ValueError("cannot summarize empty text")
    if sentences < 1:
        raise ValueError("sentences must be at least 1")
    analysis = analyse(text, CANDIDATE_LIMIT if sentences <= LIMITED_UP_TO else None)
    notes = []
    mostly_non_ascii = len(text.encode("ascii", "ignore")) < len(text) / 2  # e.g. CJK scripts
    few_stopwords = analysis.stopword_share < _ENGLISH_MIN_STOPWORD_SHARE
    if mostly_non_ascii or (analysis.tokens >= _ENGLISH_MIN_TOKENS and few_stopwords):
        notes.append(NON_ENGLISH_NOTE)
    items = candidates(analysis.items, title, sentences)
    if len(items) > sentences:
        items = _select(items, terms(title), analysis.tail, sentences, model or default_model())
    elif len(items) < sentences:
        notes.append(f"the article has {len(items)} sentence(s); all are shown")
    chosen = tuple(
        SummarySentence(it.text, it.sentence.paragraph, it.sentence.index)
        for it in sorted(items, key=lambda it: it.sentence.index)
    )
    return Summary(chosen, METHOD, "; ".join(notes))


def bullets(summary: Summary) -> str:
    """The summary as one bullet line per sentence (the "bullets" reading choice)."""
    return "\n".join(BULLET + s.text for s in summary.sentences)


def candidates(items: list[Item], title: str, wanted: int = 3) -> list[Item]:
    """Sentences that may be chosen: not a repeat of the headline (sources often start so),
    and not a fragment of under MIN_WORDS words ("Four years.", "What?", a lone "1.") while
    `wanted` longer ones are left: such hooks lead many features, and a reader who asked for
    the gist learns nothing from them (dropping them also raised CNN ROUGE-2 by ~0.15)."""
    title_key = _fold(title)
    if title_key and len(items) > 1:
        # Sentence texts are already whitespace-folded by the segmenter: only case and a
        # final full stop are left to fold.
        items = [it for it in items if it.text.rstrip(".").casefold() != title_key] or items
    whole = [it for it in items if it.words >= MIN_WORDS]
    return whole if len(whole) >= wanted else items


def _select(
    items: list[Item], title_terms: AbstractSet[str], tail: Tail, k: int, model: Model
) -> list[Item]:
    scores = model.score_items(items, title_terms, tail)
    # Half of a multi-sentence quote reads badly alone: it has to beat a whole sentence
    # by QUOTE_FRAGMENT_PENALTY (a hard ban cost about a point of ROUGE-2 on BBC; with the
    # scores at unit spread, penalties from 0.05 to 0.5 scored alike held out).
    scores = [s - QUOTE_FRAGMENT_PENALTY if it.quote_fragment else s
              for s, it in zip(scores, items, strict=True)]
    ranked = sorted(range(len(items)), key=lambda i: (-scores[i], i))
    chosen: list[Item] = []
    for i in ranked:
        item = items[i]
        if not any(jaccard(item.terms, c.terms) >= DUPLICATE_JACCARD for c in chosen):
            chosen.append(item)
            if len(chosen) == k:
                break
    return chosen


def _fold(text: str) -> str:
    return " ".join(text.split()).rstrip(".").casefold()
