"""The sources a text is checked against, cut into sentences and indexed once per check.

Why an index: every generated sentence is aligned to the source sentences that hold it, so
each source sentence keeps its offsets into the stored text (for evidence that can be shown
and checked), its content stems (for alignment), and its figures and negators (for the checks
against evidence). Building it costs one pass over the sources.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import newsdesk.editorial.guard.names as guard_names
import newsdesk.editorial.guard.numbers as guard_numbers
from newsdesk.editorial.guard.provenance.lexicon import content_stem, is_content, is_negator
from newsdesk.editorial.guard.provenance.split import sentence_spans
from newsdesk.text.folding import fold_case_and_typography as fold
from newsdesk.text.tokens import tokens

__all__ = ["SourceIndex", "SourceSentence", "SourceText", "index_sources"]


@dataclass(frozen=True, slots=True)
class SourceText:
    """One stored source text: its label (as in `[Source: LABEL]`) and which field it is."""

    label: str
    text: str
    field: str = "text"


@dataclass(slots=True)
class SourceSentence:
    source: int  # index into SourceIndex.sources
    start: int
    end: int
    words: tuple[str, ...]  # every word, case-folded, in order
    stems: tuple[str, ...]  # stems of every word, in order
    content: frozenset[str]  # content stems
    numbers: frozenset[str]  # value spellings of its figures (guard_numbers)
    negators: int


@dataclass
class SourceIndex:
    sources: tuple[SourceText, ...]
    sentences: list[SourceSentence]
    postings: dict[str, list[int]]  # content stem -> sentences holding it
    stems: frozenset[str]  # every stem of every source
    folded: str  # every source, folded (guard_text.fold), for verbatim look-ups
    numbers: frozenset[str]
    names: int  # distinct people, places and bodies named
    words: int
    prefixes: frozenset[str] = frozenset()  # first six letters of the long stems
    weights: dict[str, float] = field(default_factory=dict)
    cache: dict[str, object] = field(default_factory=dict)  # what a check derives once

    def knows(self, stem: str, word: str) -> bool:
        """Some source has this word: its stem, its spelling, or (for a long word) a word
        of the same first six letters ("frustration" / "frustrated")."""
        return (stem in self.stems or word.casefold() in self.folded
                or (len(stem) >= 6 and stem[:6] in self.prefixes))

    def weight(self, stem: str) -> float:
        """How much a content word tells: rare in the source means specific (an idf), and a
        word the source lacks weighs most."""
        known = self.weights.get(stem)
        if known is not None:
            return known
        n = len(self.sentences)
        df = len(self.postings.get(stem, ()))
        value = math.log((n + 1) / (df + 0.5)) + 0.5 if df else math.log(n + 1) + 1.5
        self.weights[stem] = value
        return value


def index_sources(sources: Sequence[SourceText]) -> SourceIndex:
    sentences: list[SourceSentence] = []
    postings: dict[str, list[int]] = {}
    all_stems: set[str] = set()
    numbers: set[str] = set()
    names: set[str] = set()
    words = 0
    for number, source in enumerate(sources):
        numbers |= guard_numbers.known_values(source.text)
        names |= {n.words[-1].casefold() for n in guard_names.names(source.text)}
        for start, end in sentence_spans(source.text):
            found = tokens(source.text[start:end])
            lowered = tuple(t.lower for t in found)
            stems = tuple(content_stem(t.text) for t in found)
            content = frozenset(s for t, s in zip(found, stems, strict=True) if is_content(t))
            sentences.append(SourceSentence(
                number, start, end, lowered, stems, content,
                frozenset(guard_numbers.known_values(source.text[start:end])),
                sum(1 for w in lowered if is_negator(w)),
            ))
            for s in content:
                postings.setdefault(s, []).append(len(sentences) - 1)
            all_stems.update(stems)
            words += len(found)
    return SourceIndex(tuple(sources), sentences, postings, frozenset(all_stems),
                       "\n".join(fold(s.text) for s in sources), frozenset(numbers),
                       len(names), words,
                       frozenset(s[:6] for s in all_stems if len(s) >= 6 and s.isalpha()))
