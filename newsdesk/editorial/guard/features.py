"""What the guard measures about a generated text against its source: facts and features.

Why features and a small linear model rather than rules alone: unsupported content is often
not a number or a name but a clause ("the outcome remains uncertain", "in its third week").
Word and word-pair novelty per sentence, the share of invented numbers and names, hedging and
length are cheap to compute and, weighted by `scripts/train_guard.py` on labelled summaries,
separate consistent from inconsistent texts better than any single rule.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from newsdesk.editorial.guard import names as guard_names
from newsdesk.editorial.guard import numbers as guard_numbers
from newsdesk.editorial.guard.leaks import QUOTED
from newsdesk.text.folding import fold_case_and_typography
from newsdesk.text.sentences import split_sentences
from newsdesk.text.tokens import STOPWORDS, Token, stem, tokens, word_set

__all__ = ["FEATURE_NAMES", "Analysis", "SourceFacts", "analyse", "source_facts"]

# The classifier's input, in order. scripts/train_guard.py writes this list next to the
# weights and the model refuses weights made for another list.
FEATURE_NAMES: tuple[str, ...] = (
    "numbers_unsupported",
    "numbers_unsupported_share",
    "names_unsupported",
    "names_unsupported_share",
    "content_novel_share",
    "content_novel_max_sentence",
    "sentences_mostly_novel_share",
    "bigram_novel_share",
    "bigram_novel_max_sentence",
    "longest_novel_run",
    "quotes_unsupported",
    "log_length_ratio",
    "log_generated_words",
    "hedge_share",
    "evaluative_share",
    "lowercase_style",
    "copied_4gram_share",
    "novel_lowercase_share",
    "chat_preamble",
    "alignment_min",
    "alignment_mean",
    "together_min",
    "together_mean",
)

_HEDGES = word_set("""likely unlikely may might could possibly potential potentially perhaps
    expected expect suggests suggest appears appear seems seem uncertain unclear probably
    presumably reportedly allegedly speculation speculated""")
_EVALUATIVE = word_set("""significant significantly highlights highlight highlighting
    underscores underscore overall important importance crucial concern concerns concerned
    notable notably emphasizes emphasises emphasized emphasised ultimately remains raises
    controversy controversial tragic impact impacts impacted broader serious""")
_MOSTLY_NOVEL = 0.34


@dataclass(frozen=True)
class SourceFacts:
    """A source reduced to what the checks look up, computed once per check."""

    text: str
    folded: str
    stems: frozenset[str]
    bigrams: frozenset[tuple[str, str]]
    fourgrams: frozenset[tuple[str, ...]]
    numbers: frozenset[str]
    words: int
    # content stem -> the source sentences it occurs in, to see which words occur together
    where: dict[str, frozenset[int]] = field(default_factory=dict)
    near: dict[str, frozenset[int]] = field(default_factory=dict)  # where, widened by one


@dataclass
class SentenceScore:
    text: str
    novel: list[str] = field(default_factory=list)
    content: int = 0
    bigram_novel: float = 0.0
    alignment: float = 1.0  # share of its content words found in one source passage
    together: float = 1.0  # share of its supported word pairs that share a source passage

    @property
    def novelty(self) -> float:
        return len(self.novel) / self.content if self.content else 0.0


@dataclass
class Analysis:
    """Facts found in one generated text and the feature vector built from them."""

    features: list[float]
    numbers: list[guard_numbers.Mention]
    names: list[guard_names.NameSpan]
    quotes: list[str]
    worst_sentence: SentenceScore | None


def source_facts(source_texts: str | list[str] | tuple[str, ...]) -> SourceFacts:
    text = source_texts if isinstance(source_texts, str) else "\n".join(source_texts)
    words = [t.text for t in tokens(text)]
    stemmed = [stem(w) for w in words]
    where = _sentence_index(text)
    return SourceFacts(
        text=text,
        folded=fold_case_and_typography(text),
        stems=frozenset(stemmed),
        bigrams=frozenset(pairwise(stemmed)),
        fourgrams=frozenset(zip(stemmed, stemmed[1:], stemmed[2:], stemmed[3:], strict=False)),
        numbers=frozenset(guard_numbers.known_values(text)),
        words=len(words),
        where=where,
        near={k: frozenset(j for i in v for j in (i - 1, i, i + 1)) for k, v in where.items()},
    )


def _sentence_index(text: str) -> dict[str, frozenset[int]]:
    """Content stem -> indices of the source sentences holding it."""
    where: dict[str, set[int]] = {}
    for i, sentence in enumerate(split_sentences(text)):
        for t in tokens(sentence):
            if t.lower not in STOPWORDS and len(t.text) > 2:
                where.setdefault(stem(t.text), set()).add(i)
    return {k: frozenset(v) for k, v in where.items()}


def unsupported_quotes(text: str, facts: SourceFacts) -> list[str]:
    """Quoted passages whose words (between any ellipses) the source lacks verbatim."""
    found = []
    for m in QUOTED.finditer(text):
        quote = next(g for g in m.groups() if g is not None)
        fragments = [fold_case_and_typography(f).strip(" \t\n.,;:!?\"'-")
                     for f in re.split(r"\.\.\.|\u2026", quote)]
        if any(f and f not in facts.folded for f in fragments):
            found.append(m.group())
    return found


def analyse(text: str, facts: SourceFacts, *, preamble: bool = False) -> Analysis:
    """Find unsupported facts in `text` and measure it for the classifier.

    `preamble`: the model opened with chat ("Sure! Here is a summary:"), cut off before this
    text; in the training data such models add unsupported content more often.
    """
    known = set(facts.numbers)
    all_numbers = [m for m in guard_numbers.mentions(text) if m.reportable]
    numbers = [m for m in all_numbers if not m.values & known]
    all_names = list(guard_names.names(text))
    source_stems = set(facts.stems)
    names = list(guard_names.unsupported_names(text, source_stems, facts.folded))
    quotes = unsupported_quotes(text, facts)

    words = tokens(text)
    stemmed = [stem(t.text) for t in words]
    content = [(t, s) for t, s in zip(words, stemmed, strict=True)
               if t.lower not in STOPWORDS and len(t.text) > 2 and not t.text.isdigit()]
    novel = [(t, s) for t, s in content if s not in facts.stems and t.lower not in facts.folded]
    novel_lower = [t for t, _ in novel if not t.text[0].isupper()]
    bigrams = list(pairwise(stemmed))
    novel_bigrams = [b for b in bigrams if b not in facts.bigrams]
    fourgrams = list(zip(stemmed, stemmed[1:], stemmed[2:], stemmed[3:], strict=False))
    copied = sum(1 for g in fourgrams if g in facts.fourgrams)

    sentences = [_score_sentence(s, facts) for s in split_sentences(text)]
    scored = [s for s in sentences if s.content]
    worst = max(scored, key=lambda s: (s.novelty, s.bigram_novel), default=None)
    lower_sentences = sum(1 for s in sentences if s.text[:1].islower())

    lowered = [t.lower for t in words]
    features = [
        math.log1p(len(numbers)),
        len(numbers) / len(all_numbers) if all_numbers else 0.0,
        math.log1p(len(names)),
        len(names) / len(all_names) if all_names else 0.0,
        len(novel) / len(content) if content else 0.0,
        max((s.novelty for s in scored), default=0.0),
        sum(1 for s in scored if s.novelty > _MOSTLY_NOVEL) / len(scored) if scored else 0.0,
        len(novel_bigrams) / len(bigrams) if bigrams else 0.0,
        max((s.bigram_novel for s in scored), default=0.0),
        math.log1p(_longest_novel_run(content, novel)),
        math.log1p(len(quotes)),
        math.log((len(words) + 1) / (facts.words + 1)),
        math.log1p(len(words)),
        sum(1 for w in lowered if w in _HEDGES) / max(len(words), 1) * 10,
        sum(1 for w in lowered if w in _EVALUATIVE) / max(len(words), 1) * 10,
        lower_sentences / len(sentences) if sentences else 0.0,
        copied / len(fourgrams) if fourgrams else 0.0,
        len(novel_lower) / len(content) if content else 0.0,
        1.0 if preamble else 0.0,
        min((s.alignment for s in scored), default=1.0),
        sum(s.alignment for s in scored) / len(scored) if scored else 1.0,
        min((s.together for s in scored), default=1.0),
        sum(s.together for s in scored) / len(scored) if scored else 1.0,
    ]
    return Analysis(features, numbers, names, quotes, worst)


def _score_sentence(sentence: str, facts: SourceFacts) -> SentenceScore:
    words = tokens(sentence)
    stemmed = [stem(t.text) for t in words]
    score = SentenceScore(sentence)
    for t, s in zip(words, stemmed, strict=True):
        if t.lower in STOPWORDS or len(t.text) <= 2 or t.text.isdigit():
            continue
        score.content += 1
        if s not in facts.stems and t.lower not in facts.folded:
            score.novel.append(t.text)
    pairs = list(pairwise(stemmed))
    if pairs:
        score.bigram_novel = sum(1 for p in pairs if p not in facts.bigrams) / len(pairs)
    _place(score, [s for t, s in zip(words, stemmed, strict=True)
                   if t.lower not in STOPWORDS and len(t.text) > 2 and not t.text.isdigit()],
           facts)
    return score


def _place(score: SentenceScore, content: list[str], facts: SourceFacts) -> None:
    """How well one source passage (a sentence and its neighbours) holds the sentence: a
    sentence that joins words from far-apart passages may relate them wrongly."""
    if not content:
        return
    passages: Counter[int] = Counter()
    for s in set(content):
        passages.update(facts.near.get(s, ()))
    score.alignment = max(passages.values(), default=0) / len(set(content))
    placed = [s for s in dict.fromkeys(content) if s in facts.where][:12]
    pairs = [(a, b) for i, a in enumerate(placed) for b in placed[i + 1 :]]
    if pairs:
        score.together = sum(
            1 for a, b in pairs if not facts.where[a].isdisjoint(facts.near[b])
        ) / len(pairs)


def _longest_novel_run(content: list[tuple[Token, str]], novel: list[tuple[Token, str]]) -> int:
    novel_ids = {id(t) for t, _ in novel}
    best = run = 0
    for t, _ in content:
        run = run + 1 if id(t) in novel_ids else 0
        best = max(best, run)
    return best
