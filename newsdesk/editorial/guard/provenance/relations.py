"""Checks of how a sentence relates the facts its evidence holds, not just which words.

Why: the errors that pass a word-overlap test keep the words and change the claim: a "not"
dropped or added, the winner and the loser swapped, "says it will demand" turned into a
done deal, a cause the source never gives, a figure moved onto another measure. Each check
compares the generated sentence with its best evidence sentence and stays silent unless the
two clearly tell the same event, so a loose paraphrase is not mistaken for a changed claim.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import newsdesk.editorial.guard.numbers as guard_numbers
from newsdesk.editorial.guard.provenance.lexicon import (
    CAUSAL,
    CHANGES,
    DENIALS,
    FUTURE,
    INTENT,
    REQUESTS,
    TENTATIVE,
    content_stem,
    is_content,
    is_negator,
)
from newsdesk.editorial.guard.provenance.records import Finding
from newsdesk.editorial.guard.provenance.sources import SourceIndex, SourceSentence
from newsdesk.text.tokens import STOPWORDS, Token, tokens

__all__ = ["attachment", "causes", "certainty", "negation", "roles"]

SAME_EVENT = 0.75  # the evidence holds this share of the sentence's content words
# Enough for one check: a word the source denies, stated here without the denial.
LOOSE_EVENT = 0.6
_LIST = re.compile(r",\s|[;&/]|\b(?:and|or|with|vs|versus)\b", re.IGNORECASE)
_NEAR = 10  # the two parties stand this close in the evidence
_PASSIVE = re.compile(
    r"\b(?:was|were|been|being|is|are|be|got|get|gets)\s+(?:\w+ly\s+)?\w+(?:ed|en|wn|t)\s+by\b"
)
# A clause ends at a comma, semicolon or dash, or before "while", "whereas", "but", "and".
_CLAUSE = re.compile(r"(?<=[,;:\u2013\u2014])|(?=\b(?:while|whereas|but|and)\b)")


def negation(words: Sequence[str], stems: Sequence[str], top: SourceSentence,
             shared: float) -> Finding | None:
    """The sentence denies what its evidence affirms, or the reverse: a word right after a
    negator in one ("not painful", "denied the charge") stands un-negated in the other."""
    if shared < LOOSE_EVENT:
        return None
    mine, theirs = _negated(words, stems, 2), _negated(top.words, top.stems, 2)
    mine_wide, theirs_wide = _negated(words, stems, 8), _negated(top.words, top.stems, 8)
    added = [s for s in stems if s in mine and s in top.content and s not in theirs_wide
             and shared >= SAME_EVENT]
    if added:
        word = next(w for w, s in zip(words, stems, strict=True) if s == added[0])
        return Finding("negation", word, f"{word!r} is denied here, not in the source")
    if any(is_negator(w) or w in DENIALS for w in words):
        return None  # "found no evidence" / "not found any evidence": denied here too
    dropped = [s for s in stems if s in theirs and s not in mine_wide]
    if dropped:
        word = next(w for w, s in zip(words, stems, strict=True) if s == dropped[0])
        return Finding("negation", word, f"the source denies {word!r}")
    return None


def _negated(words: Sequence[str], stems: Sequence[str], reach: int) -> set[str]:
    """Content stems of the `reach` words after each negator ("not guilty", "did not win")."""
    out: set[str] = set()
    for i, w in enumerate(words):
        if is_negator(w) and not (w == "no" and stems[i + 1 : i + 2] and stems[i + 1].isdigit()):
            out.update(s for v, s in zip(words[i + 1 : i + 1 + reach],
                                         stems[i + 1 : i + 1 + reach], strict=True)
                       if v not in STOPWORDS and len(v) > 2 and not is_negator(v))
    return out


def roles(text: str, found: Sequence[Token], stems: Sequence[str], names: frozenset[str],
          top: SourceSentence, shared: float) -> Finding | None:
    """Who did what to whom: two named parties on either side of a word (the verb) stand
    the other way round in the evidence ("Arsenal beat Chelsea" / "Chelsea beat Arsenal"),
    and neither sentence is passive where the other is not. Lists ("A, B and C") are not
    relations and are left alone."""
    if shared < SAME_EVENT:
        return None
    words = [t.lower for t in found]
    where: dict[str, int] = {}
    for i, s in enumerate(top.stems):
        where[s] = -1 if s in where else i  # a repeated word has no single place
    mine = {s: i for i, s in reversed(list(enumerate(stems)))}
    parties = [s for s in dict.fromkeys(stems) if s in names and where.get(s, -1) >= 0]
    flipped = bool(_PASSIVE.search(" ".join(words))) != bool(_PASSIVE.search(" ".join(top.words)))
    for a, first in enumerate(parties):
        for second in parties[a + 1 :]:
            i, j = mine[first], mine[second]
            if j - i < 2 or _LIST.search(text[found[i].end : found[j].start]):
                continue
            x, y = where[first], where[second]
            # The same verb, written the same ("beat" / "beat"), or a passive of it.
            verbs = [stems[k] for k in range(i + 1, j)
                     if stems[k] not in names and where.get(stems[k], -1) >= 0
                     and min(x, y) < where[stems[k]] < max(x, y)
                     and (flipped or words[k] == top.words[where[stems[k]]])]
            if not verbs or abs(x - y) > _NEAR:
                continue
            if flipped:
                by_between = ("by" in words[i + 1 : j]
                              or "by" in top.words[min(x, y) + 1 : max(x, y)])
                if x > y or not by_between:
                    continue
            elif x < y:
                continue
            return Finding("roles", f"{found[i].text} … {found[j].text}",
                           "who did what to whom is the reverse of the source's")
    return None


def certainty(words: Sequence[str], stems: Sequence[str],
              evidence: Sequence[SourceSentence], shared: float) -> Finding | None:
    """The evidence states a plan, a possibility or a future request ("could help explain",
    "will demand a 7% rise"); the sentence states the same as done."""
    if shared < SAME_EVENT or any(w in TENTATIVE for w in words):
        return None
    mine = {s for w, s in zip(words, stems, strict=True)
            if w not in STOPWORDS and (len(s) > 2 or s.isdigit())}
    for sentence in evidence:
        for i, w in enumerate(sentence.words):
            tentative = w in INTENT or (w in FUTURE and any(
                v in REQUESTS for v in sentence.words[i + 1 : i + 3]))
            if tentative and mine & set(sentence.stems[i + 1 : i + 5]):
                return Finding("certainty", w, f"the source says {w!r}: a plan or a "
                                               "possibility, not a fact")
    return None


def causes(words: Sequence[str], evidence: Sequence[SourceSentence],
           index: SourceIndex, stems: Sequence[str]) -> Finding | None:
    """A cause or a consequence the evidence does not state: a causal word the evidence
    lacks, followed in its clause by something no source says."""
    said = {w for e in evidence for w in e.words}
    if said & CAUSAL:
        return None
    for i, w in enumerate(words):
        if w not in CAUSAL or w in said or words[i + 1 : i + 3] == ["up", "to"]:
            continue
        clause = set(zip(stems[i + 1 : i + 9], words[i + 1 : i + 9], strict=True))
        if sum(1 for s, w in clause if len(s) > 2 and w not in STOPWORDS and not s.isdigit()
               and not index.knows(s, w)) >= 2:
            return Finding("cause", w, f"{w!r} states a cause or consequence the source "
                                       "does not give")
    return None


def attachment(text: str, index: SourceIndex) -> list[Finding]:
    """A change or an amount the source gives for one thing, said of another ("profit rose
    6%" where the source's 6% was revenue's; "the company offered 7%" where 7% was the
    union's demand). In the source each content word belongs to the nearest percentage or
    amount of its clause; a figure here is misattached when the word naming what it
    measures (the nearest such word before it) belongs in the sources only to other figures.
    Verbs of change ("rose", "fell") name no measure and are passed over."""
    owners = _owners(index)
    found: list[Finding] = []
    for _, clause in _clauses(text):
        words = tokens(clause)
        for mention in _measures(clause):
            if not mention.values & index.numbers:
                continue  # the figure check reports a value no source gives
            before = [t for t in _nearest_words(words, mention, clause)
                      if t.end <= mention.start and t.lower not in CHANGES
                      and content_stem(t.text) in owners]
            if not before:
                continue
            subject = before[-1]
            if not owners[content_stem(subject.text)] & mention.values:
                found.append(Finding(
                    "attachment", f"{subject.text} … {mention.span}",
                    f"the sources give {mention.span!r} for something other than "
                    f"{subject.text!r}"))
    return found


def _measures(clause: str) -> list[guard_numbers.Mention]:
    """Percentages and amounts of money: the figures a results story attaches to measures."""
    out = []
    for m in guard_numbers.mentions(clause):
        if m.kind != "number" or not m.reportable:
            continue
        before, after = clause[max(0, m.start - 2) : m.start], clause[m.end : m.end + 9].lower()
        if re.search(r"[$\u00a3\u20ac]", before) or re.match(r"\s*(?:%|per ?cent)", after):
            out.append(m)
    return out


def _clauses(text: str) -> list[tuple[int, str]]:
    out, at = [], 0
    for piece in _CLAUSE.split(text):
        out.append((at, piece))
        at += len(piece)
    return out


def _nearest_words(words: Sequence[Token], mention: guard_numbers.Mention,
                   clause: str) -> list[Token]:
    """The content words of the clause that are nearer this figure than any other."""
    spans = [(m.start, m.end) for m in _measures(clause)]
    out = []
    for t in words:
        if not is_content(t) or any(c.isdigit() for c in t.text):
            continue
        distance = {span: min(abs(t.start - span[1]), abs(span[0] - t.end)) for span in spans}
        if distance and min(distance, key=distance.__getitem__) == (mention.start, mention.end):
            out.append(t)
    return out


def _owners(index: SourceIndex) -> dict[str, frozenset[str]]:
    """Content stem -> the values of the percentages and amounts it stands nearest to, over
    every source sentence (computed once per index)."""
    cached = index.cache.get("owners")
    if isinstance(cached, dict):
        return cached
    owners: dict[str, set[str]] = {}
    for sentence in index.sentences:
        if not sentence.numbers:
            continue
        text = index.sources[sentence.source].text[sentence.start : sentence.end]
        for _, clause in _clauses(text):
            words = tokens(clause)
            for mention in _measures(clause):
                for t in _nearest_words(words, mention, clause):
                    if t.lower not in CHANGES:
                        owners.setdefault(content_stem(t.text), set()).update(mention.values)
    frozen = {k: frozenset(v) for k, v in owners.items()}
    index.cache["owners"] = frozen
    return frozen


def _surface(words: Sequence[str], stems: Sequence[str], stem: str) -> str:
    for w, s in zip(words, stems, strict=True):
        if s == stem:
            return w
    return stem
