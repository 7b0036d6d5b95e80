"""One generated sentence judged against the source sentences it is aligned to.

Why per sentence: a summary is unfaithful when one of its sentences is, and an editor needs
to see which one and what the source says instead. Each sentence gets its evidence (align),
the facts it states that the sources lack (figures, dates, weekdays, names, quotes), the
relations it changes (relations), and a feature vector for the trained sentence model.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from itertools import pairwise

import newsdesk.editorial.guard.names as guard_names
import newsdesk.editorial.guard.numbers as guard_numbers
from newsdesk.editorial.guard.leaks import QUOTED
from newsdesk.editorial.guard.provenance import relations
from newsdesk.editorial.guard.provenance.align import Alignment, align
from newsdesk.editorial.guard.provenance.features import SENTENCE_FEATURES
from newsdesk.editorial.guard.provenance.lexicon import (
    CALENDAR,
    COLLECTIVE,
    DEMONYM_ENDINGS,
    HEDGES,
    PLACE_ENDINGS,
    TITLES,
    content_stem,
    is_content,
)
from newsdesk.editorial.guard.provenance.records import Finding
from newsdesk.editorial.guard.provenance.sources import SourceIndex, SourceSentence
from newsdesk.text.folding import fold_case_and_typography as fold
from newsdesk.text.tokens import STOPWORDS, Token, tokens

__all__ = ["SENTENCE_FEATURES", "Claim", "judge_sentence"]

# Findings that state a fact the sources do not hold, whatever the model says.
_NEW_FACTS = frozenset({"number", "date", "time", "weekday", "name", "quote"})
_CLAUSES = re.compile(r"[,;:()\u2013\u2014]|\s(?=(?:and|but|while|who|which|whom|whose|"
                      r"where|after|before|as|because|although|though|with|including)\s)")
# Between two names of one list: ", ", " and ", ", and ", with up to two lower-case words
# ("and councillor", "and her deputy").
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:[a-z][\w-]*\s+){0,2}")
_JOINERS = frozenset({"of", "and", "for", "the", "&"})
# A quoted title keeps its words with or without its article ("The Hobbit" / "Hobbit").
_TITLE_ARTICLE = re.compile(r"^(?:the|a|an)\s+(?=\w)")
_AFTER_COLLECTIVE = re.compile(r"\b(?:the|all|these|those|both)\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Claim:
    text: str
    alignment: Alignment
    findings: tuple[Finding, ...]
    features: tuple[float, ...]
    novel: tuple[str, ...]  # content words the sources lack, as written

    @property
    def states_new_facts(self) -> bool:
        return any(f.kind in _NEW_FACTS for f in self.findings)


def judge_sentence(index: SourceIndex, text: str, known_names: frozenset[str]) -> Claim:
    """`known_names`: case-folded words used as names mid-sentence in the sources or the
    generated text, so a sentence-initial capital counts as a name only if it is one."""
    found = tokens(text)
    words = [t.lower for t in found]
    stems = [content_stem(t.text) for t in found]
    content = [(t, s) for t, s in zip(found, stems, strict=True) if is_content(t)]
    content_stems = [s for _, s in content]
    alignment = align(index, content_stems)
    evidence = [index.sentences[j] for j in alignment.evidence]
    top = evidence[0] if evidence else None
    unique = list(dict.fromkeys(content_stems))
    in_evidence: set[str] = set().union(*(e.content for e in evidence))

    novel = [t.text for t, s in content if not index.knows(s, t.text)]
    novel_stems = {content_stem(w) for w in novel}
    off_top = [s for s in unique if s not in novel_stems and (top is None or s not in top.content)]
    weight = {s: index.weight(s) for s in unique}
    total = sum(weight.values()) or 1.0
    run = longest = 0
    for _, s in content:
        run = run + 1 if s in novel_stems else 0
        longest = max(longest, run)
    evidence_stems = [s for e in evidence for s in e.stems]
    evidence_pairs = set(pairwise(evidence_stems))
    pairs = list(pairwise(stems))
    evidence_fours = set(zip(*(evidence_stems[k:] for k in range(4)), strict=False))
    fours = list(zip(*(stems[k:] for k in range(4)), strict=False))

    findings: list[Finding] = []
    findings += _figures(text, index)
    elsewhere = _figures_elsewhere(text, index, evidence)
    findings += _names(text, index, known_names)
    findings += _quotes(text, index)
    relational = {
        "negation": relations.negation(words, stems, top, _share(unique, top.content))
        if top else None,
        "roles": relations.roles(text, found, stems, _name_stems(found, known_names), top,
                                 _share(unique, top.content)) if top else None,
        "certainty": relations.certainty(words, stems, evidence,
                                         _share(unique, in_evidence)) if evidence else None,
        "cause": relations.causes(words, evidence, index, stems),
    }
    attached = relations.attachment(text, index)
    findings += [f for f in relational.values() if f is not None] + attached
    n = len(unique)
    count = {kind: sum(1 for f in findings if f.kind == kind) for kind in
             ("number", "name", "quote")}
    count["number"] += sum(1 for f in findings if f.kind in ("date", "time", "weekday"))
    features = (
        math.log1p(n),
        len(novel_stems) / n if n else 0.0,
        sum(weight[s] for s in novel_stems if s in weight) / total,
        math.log1p(longest),
        alignment.support,
        alignment.top,
        sum(weight[s] for s in off_top) / total,
        sum(1 for p in pairs if p not in evidence_pairs) / len(pairs) if pairs else 0.0,
        sum(1 for g in fours if g in evidence_fours) / len(fours) if fours else 1.0,
        float(len(evidence)),
        math.log1p(count["number"]),
        math.log1p(elsewhere),
        math.log1p(count["name"]),
        math.log1p(_names_elsewhere(found, known_names, index, evidence)),
        math.log1p(count["quote"]),
        *(1.0 if relational[k] else 0.0 for k in ("negation", "roles", "certainty", "cause")),
        math.log1p(len(attached)),
        math.log1p(sum(1 for w in words if w in HEDGES)),
        *_worst_clause(text, index, evidence),
    )
    return Claim(text, alignment, tuple(findings), features, tuple(novel))


def _name_stems(found: list[Token], known_names: frozenset[str]) -> frozenset[str]:
    """Stems of the capitalised words that name someone: not a sentence's first word unless
    it is a name elsewhere."""
    return frozenset(content_stem(t.text) for i, t in enumerate(found)
                     if t.text[:1].isupper() and is_content(t) and t.lower not in CALENDAR
                     and (i > 0 or t.lower in known_names))


def _share(stems: list[str], held: Collection[str]) -> float:
    """The share of a sentence's content stems that a source sentence (or several) holds."""
    return sum(1 for s in stems if s in held) / len(stems) if stems else 1.0


def _worst_clause(text: str, index: SourceIndex,
                  evidence: list[SourceSentence]) -> tuple[float, float]:
    """An invented detail is often one clause (", who later …", "and the toll is expected to
    rise"): the largest share of a clause's content words that no source has, and that its
    evidence does not hold. Clauses of fewer than two content words are not judged."""
    held = {s for e in evidence for s in e.content}
    novel = unheld = 0.0
    for piece in _CLAUSES.split(text):
        stems = {content_stem(t.text) for t in tokens(piece) if is_content(t)}
        if len(stems) < 2:
            continue
        novel = max(novel, sum(1 for s in stems if s not in index.stems) / len(stems))
        unheld = max(unheld, sum(1 for s in stems if s not in held) / len(stems))
    return novel, unheld


def _names_elsewhere(found: list[Token], known_names: frozenset[str], index: SourceIndex,
                     evidence: list[SourceSentence]) -> int:
    """Names the sources give, but not in the sentences this one is aligned to: a person or
    place brought in from another part of the story."""
    held = {s for e in evidence for s in e.stems}
    return sum(1 for i, t in enumerate(found)
               if t.text[:1].isupper() and is_content(t) and t.lower not in CALENDAR
               and (i > 0 or t.lower in known_names)
               and (s := content_stem(t.text)) in index.stems and s not in held)


def _figures(text: str, index: SourceIndex) -> Iterator[Finding]:
    """Figures, dates, times and weekdays whose value no source gives."""
    for mention in guard_numbers.mentions(text):
        if not mention.reportable or mention.values & index.numbers:
            continue
        if _collective(text, mention, index):
            continue
        kind = mention.kind if mention.kind in ("date", "time", "weekday") else "number"
        yield Finding(kind, mention.span, f"{mention.span!r} does not appear in the sources")


def _collective(text: str, mention: guard_numbers.Mention, index: SourceIndex) -> bool:
    """ "the two", "both", "the three": a count of the people or things named together
    ("Otieno and Park", "Kelly, Osei and Lind") in the sources or in this text."""
    word = mention.span.casefold()
    if word not in COLLECTIVE or not _AFTER_COLLECTIVE.search(text[: mention.start]):
        return False
    return COLLECTIVE[word] in _listed(index) | _named_together(text)


def _listed(index: SourceIndex) -> frozenset[int]:
    cached = index.cache.get("listed")
    if isinstance(cached, frozenset):
        return cached
    sizes: set[int] = set()
    for source in index.sources:
        sizes |= _named_together(source.text)
    frozen = frozenset(sizes)
    index.cache["listed"] = frozen
    return frozen


def _named_together(text: str) -> frozenset[int]:
    """Sizes of the lists of names joined by commas and "and" in a text."""
    sizes: set[int] = set()
    spans = list(guard_names.names(text))
    run = 1
    for before, after in pairwise(spans):
        if _LIST_GAP.fullmatch(text[before.end : after.start]):
            run += 1
        else:
            if run > 1:
                sizes.add(run)
            run = 1
    if run > 1:
        sizes.add(run)
    return frozenset(sizes)


def _figures_elsewhere(text: str, index: SourceIndex, evidence: list[SourceSentence]) -> int:
    """Figures the sources give, but not in the sentences this one is aligned to."""
    held: set[str] = set()
    for e in evidence:
        held |= e.numbers
    return sum(1 for m in guard_numbers.mentions(text)
               if m.reportable and m.kind != "ordinal" and m.values & index.numbers
               and not m.values & held)


def _names(text: str, index: SourceIndex, known_names: frozenset[str]) -> Iterator[Finding]:
    for name in guard_names.names(text):
        words = list(name.words)
        if _opens_sentence(text, name.start) and words and words[0].casefold() not in known_names:
            words = words[1:]  # "Twelve", "Roughly", "Officials": a capital, not a name
        if _spelled_out(name.span.split(), index):
            continue  # "Head of Household" where the sources write "HOH"
        missing = [w for w in words if w.casefold() not in STOPWORDS
                   and not all(_known_name_word(part, index) for part in w.split("-") if part)]
        if missing:
            yield Finding("name", name.span, f"the sources do not name {name.span!r}")


def _known_name_word(word: str, index: SourceIndex) -> bool:
    folded = word.casefold()
    return (folded in STOPWORDS or content_stem(word) in index.stems
            or folded in index.folded or _abbreviated(word, index)
            or TITLES.get(folded, "\0") in _source_words(index)
            or _same_place(folded, index))


def _source_words(index: SourceIndex) -> frozenset[str]:
    cached = index.cache.get("words")
    if isinstance(cached, frozenset):
        return cached
    found = frozenset(w for s in index.sentences for w in s.words)
    index.cache["words"] = found
    return found


def _same_place(word: str, index: SourceIndex) -> bool:
    """ "Korean" where the sources say "Korea", "Chinese" for "China", "Afghan" for
    "Afghanistan": a source name with a demonym's ending put on or taken off."""
    roots = _name_roots(index)
    return any(word.endswith(ending) and len(word) - len(ending) >= 4
               and word[: len(word) - len(ending)] in roots for ending in DEMONYM_ENDINGS
               ) or any(word + ending in roots for ending in PLACE_ENDINGS)


def _name_roots(index: SourceIndex) -> frozenset[str]:
    """The capitalised source words, each also without a final vowel ("Chin" of "China")."""
    cached = index.cache.get("roots")
    if isinstance(cached, frozenset):
        return cached
    roots: set[str] = set()
    for source in index.sources:
        for t in tokens(source.text):
            if t.text[:1].isupper() and t.text.isalpha() and len(t.text) >= 4:
                roots.add(t.lower)
                if t.lower[-1] in "aeiouy":
                    roots.add(t.lower[:-1])
    frozen = frozenset(roots)
    index.cache["roots"] = frozen
    return frozen


def _spelled_out(words: list[str], index: SourceIndex) -> bool:
    upper = _upper_words(index)
    every = "".join(w[0] for w in words if w[:1].isalpha()).upper()
    capitals = "".join(w[0] for w in words if w[:1].isupper())
    return any(len(i) >= 2 and i.upper() in upper for i in (every, capitals))


def _upper_words(index: SourceIndex) -> frozenset[str]:
    cached = index.cache.get("upper")
    if isinstance(cached, frozenset):
        return cached
    found = frozenset(t.text for s in index.sources for t in tokens(s.text)
                      if t.text.isupper() and t.text.isalpha() and len(t.text) >= 2)
    index.cache["upper"] = found
    return found


def _abbreviated(word: str, index: SourceIndex) -> bool:
    """ "DEA" for the Drug Enforcement Administration, "US" for "U.S.": initials the sources
    spell out or write with full stops."""
    if not (2 <= len(word) <= 6 and word.isupper() and word.isalpha()):
        return False
    folded = word.casefold()
    dotted = ".".join(folded) + "."
    return dotted in index.folded or folded in _initials(index) or (
        folded.endswith("a") and folded[:-1] in _initials(index) | {"us"}
        and ".".join(folded[:-1]) + "." in index.folded)


def _initials(index: SourceIndex) -> frozenset[str]:
    cached = index.cache.get("initials")
    if isinstance(cached, frozenset):
        return cached
    found: set[str] = set()
    for source in index.sources:
        run: list[str] = []
        for t in [*tokens(source.text), None]:
            if t is not None and (t.text[:1].isupper() or (run and t.lower in _JOINERS)):
                run.append(t.text)
                continue
            while run and run[-1].casefold() in _JOINERS:
                run.pop()
            capitals = [w[0].casefold() for w in run if w.casefold() not in _JOINERS]
            for k in range(len(capitals)):
                for j in range(k + 2, min(len(capitals), k + 6) + 1):
                    found.add("".join(capitals[k:j]))
            run = []
    frozen = frozenset(found)
    index.cache["initials"] = frozen
    return frozen


def _opens_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t'\"\u2018\u201c(")
    return not before or before[-1] in ".!?:;\n"


def _quotes(text: str, index: SourceIndex) -> Iterator[Finding]:
    for m in QUOTED.finditer(text):
        quote = next(g for g in m.groups() if g is not None)
        if sum(1 for w in quote.split() if any(c.isalpha() for c in w)) < 1:
            continue  # a height or a figure between inch marks, not quoted words
        pieces = [_TITLE_ARTICLE.sub("", fold(p).strip(" \t\n.,;:!?\"'-"))
                  for p in re.split(r"\.\.\.|\u2026", quote)]
        if any(p and p not in index.folded for p in pieces):
            yield Finding("quote", m.group(), "quoted words do not appear in the sources")
