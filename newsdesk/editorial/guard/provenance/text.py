"""Provenance of a whole generated text: every sentence of every part, aligned and judged.

Why the text-level model reads the sentence probabilities: a text is as unfaithful as its
worst sentence, but how readily a sentence looks unsupported depends on the kind of text (a
one-line abstract of a long article, a close rewrite), so the text model also reads the
text's length against the sources, its sentence count and its typography.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import newsdesk.editorial.guard.names as guard_names
from newsdesk.editorial.guard.provenance.claims import Claim, judge_sentence
from newsdesk.editorial.guard.provenance.features import SENTENCE_FEATURES, TEXT_FEATURES
from newsdesk.editorial.guard.provenance.model import Models, models
from newsdesk.editorial.guard.provenance.records import Evidence, SentenceProvenance
from newsdesk.editorial.guard.provenance.sources import SourceIndex, SourceText, index_sources
from newsdesk.editorial.guard.provenance.split import sentence_spans
from newsdesk.text.sentences import split_paragraphs
from newsdesk.text.tokens import tokens

__all__ = ["TEXT_FEATURES", "Analysis", "Located", "Trace", "analyse", "trace"]

_TOKENISED = re.compile(r" [.,'] | n't\b| 's\b")


@dataclass(frozen=True, slots=True)
class Located:
    part: str
    paragraph: int
    claim: Claim


@dataclass(frozen=True)
class Analysis:
    index: SourceIndex
    claims: tuple[Located, ...]
    style: tuple[float, ...]  # lowercase, tokenised, log_words, log_sentences, ratio, preamble


@dataclass(frozen=True)
class Trace:
    """Provenance of every sentence, and the judgement on the whole text."""

    sentences: tuple[SentenceProvenance, ...]
    probability: float  # that the text states something its sources do not support
    unfaithful: bool

    def as_json(self) -> list[dict[str, object]]:
        return [s.as_json() for s in self.sentences]


def analyse(parts: Sequence[tuple[str, Sequence[str]]], sources: Sequence[SourceText], *,
            preamble: bool = False) -> Analysis:
    """`parts`: (name, paragraphs) pairs, e.g. ("headline", [h]), ("body", paragraphs), each
    paragraph free of `[Source: …]` markers."""
    index = index_sources(sources)
    texts = [p for _, paragraphs in parts for p in paragraphs]
    known = _name_words([s.text for s in sources] + texts)
    located = []
    for name, paragraphs in parts:
        for number, paragraph in enumerate(paragraphs):
            for start, end in sentence_spans(paragraph):
                located.append(Located(name, number,
                                       judge_sentence(index, paragraph[start:end], known)))
    joined = " ".join(texts)
    letters = [c for c in joined if c.isalpha()]
    lowercase = bool(letters) and sum(c.isupper() for c in letters) < 0.01 * len(letters)
    words = len(tokens(joined))
    style = (
        1.0 if lowercase else 0.0,
        1.0 if _TOKENISED.search(joined) else 0.0,
        math.log1p(words),
        math.log1p(len(located)),
        math.log((words + 1) / (index.words + 1)),
        1.0 if preamble else 0.0,
    )
    return Analysis(index, tuple(located), style)


def text_features(sentence_features: Sequence[Sequence[float]], style: Sequence[float],
                  probabilities: Sequence[float]) -> list[float]:
    """The text model's input from each sentence's features and probability."""
    n = max(len(sentence_features), 1)
    ranked = sorted(probabilities, reverse=True) or [0.0]

    def mean(name: str, empty: float) -> float:
        k = SENTENCE_FEATURES.index(name)
        return sum(f[k] for f in sentence_features) / n if sentence_features else empty

    return [
        _logit(ranked[0]),
        _logit(ranked[1] if len(ranked) > 1 else 0.0),
        sum(probabilities) / n,
        mean("support", 1.0),
        mean("copied", 1.0),
        mean("bigram_novel", 0.0),
        *style,
    ]


def trace(analysis: Analysis, chosen: Models | None = None) -> Trace:
    """Apply the models: a verdict and a support score per sentence, and for the text."""
    m = chosen or models()
    probabilities = [m.sentence.probability(c.claim.features) for c in analysis.claims]
    sentences = []
    for located, p in zip(analysis.claims, probabilities, strict=True):
        claim = located.claim
        verdict = ("unsupported" if p >= m.unsupported or claim.findings
                   else "partly" if p >= m.partly else "supported")
        sentences.append(SentenceProvenance(
            claim.text, located.part, located.paragraph, verdict, 1.0 - p,
            tuple(_evidence(analysis.index, claim)), claim.findings,
        ))
    probability = m.text.probability(text_features(
        [c.claim.features for c in analysis.claims], analysis.style, probabilities))
    # A finding (a figure, a name, a quote the sources lack; a relation changed) stops the
    # text whatever the model says.
    unfaithful = probability >= m.threshold or any(c.claim.findings for c in analysis.claims)
    return Trace(tuple(sentences), probability, unfaithful)


def summary_parts(text: str) -> list[tuple[str, list[str]]]:
    return [("summary", split_paragraphs(text) or [text])]


def _evidence(index: SourceIndex, claim: Claim) -> list[Evidence]:
    out = []
    for j in claim.alignment.evidence:
        s = index.sentences[j]
        source = index.sources[s.source]
        out.append(Evidence(source.label, source.text[s.start : s.end], s.start, s.end,
                            source.field))
    return out


def _name_words(texts: Sequence[str]) -> frozenset[str]:
    """Words used as a name somewhere other than a sentence's first word."""
    known: set[str] = set()
    for text in texts:
        for name in guard_names.names(text):
            words = name.words
            before = text[: name.start].rstrip(" \t'\"\u2018\u201c(")
            if not before or before[-1] in ".!?:;\n":
                words = words[1:]
            known |= {w.casefold() for w in words}
    return frozenset(known)


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))

