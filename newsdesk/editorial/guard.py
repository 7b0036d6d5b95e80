"""First, simple fact guard for LLM rewrites: cheap checks that block obvious failures.

Why: the system newsdesk replaces published a leaked prompt as a headline ("Rewritten Article
for ...") and padded a four-sentence wire item with filler. Each check here catches one such
failure before publication; anything it flags goes back for another rewrite or to an editor.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from newsdesk.editorial.attribution import SOURCE_MARKER, strip_markers
from newsdesk.editorial.sentences import split_sentences

__all__ = ["LEAK_MARKERS", "Problem", "Verdict", "check"]

PADDING_RATIO = 1.3  # body may be at most this many times the source words ...
PADDING_ALLOWANCE = 25  # ... plus this many, so short sources leave room for attribution


@dataclass(frozen=True)
class Problem:
    kind: str  # leak | number | quote | padding | attribution | empty
    span: str  # the offending text as it appears in the generated article
    message: str


@dataclass(frozen=True)
class Verdict:
    problems: tuple[Problem, ...]

    @property
    def passed(self) -> bool:
        return not self.problems

    def kinds(self) -> set[str]:
        return {p.kind for p in self.problems}


# Prompt or reasoning text that must never reach readers: (pattern, where it counts).
# "anywhere" markers cannot occur in real news prose. "start" markers are ordinary words
# mid-sentence ("the problem here is", "will certainly") so they count only when they open
# the headline, a paragraph or a sentence. Quoted speech is ignored; the quote check covers it.
LEAK_MARKERS: tuple[tuple[str, str], ...] = (
    (r"rewritten (?:article|headline|version|text|story)", "anywhere"),
    (r"\bas an ai\b", "anywhere"),
    (r"</?think>", "anywhere"),
    (r"\[insert\b", "anywhere"),
    (r"\bheadline\s*:", "anywhere"),
    (r"\bi cannot\b", "anywhere"),
    (r"\bi can't\b", "anywhere"),
    (r"(?:title|article|summary|body)\s*:", "start"),
    (r"here is\b", "start"),
    (r"here['\u2019]s (?:the|a|an|your)\b", "start"),
    (r"sure,", "start"),
    (r"certainly\b", "start"),
    (r"as requested\b", "start"),
    (r"in this article\b", "start"),
)
_ANYWHERE = re.compile("|".join(p for p, w in LEAK_MARKERS if w == "anywhere"), re.IGNORECASE)
_AT_START = re.compile(
    r"\s*[\"'*#]*\s*(?:" + "|".join(p for p, w in LEAK_MARKERS if w == "start") + ")",
    re.IGNORECASE,
)

_QUOTED = re.compile(r"\"([^\"]+)\"|\u201c([^\u201d]+)\u201d|\u00ab([^\u00bb]+)\u00bb")
_ELLIPSIS = re.compile(r"\.\.\.|\u2026")
_QUOTE_TRIM = " \t\n.,;:!?\"'\u2018\u2019\u201c\u201d-\u2013\u2014"
_NUMBER = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:\s*(million|billion|trillion|bn|m)\b)?",
    re.IGNORECASE,
)
_SCALE = {"million": 6, "m": 6, "billion": 9, "bn": 9, "trillion": 12}
_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
_CHAR_FOLD = str.maketrans(
    {"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u2013": "-", "\u2014": "-"}
)


def check(
    generated_headline: str,
    generated_paragraphs: Sequence[str],
    source_texts: Sequence[str],
    allowed_labels: Collection[str],
) -> Verdict:
    """Run every check; an empty problem tuple means the rewrite may be published."""
    paragraphs = [p for p in generated_paragraphs if p.strip()]
    problems = list(_empty(generated_headline, paragraphs))
    problems += _leaks(generated_headline, paragraphs)
    problems += _attribution(generated_headline, paragraphs, allowed_labels)
    headline = strip_markers(generated_headline)
    body = [strip_markers(p) for p in paragraphs]
    sources = " ".join(source_texts)
    problems += _numbers([headline, *body], sources)
    problems += _quotes([headline, *body], sources)
    problems += _padding(body, sources)
    return Verdict(tuple(problems))


def _empty(headline: str, paragraphs: list[str]) -> Iterator[Problem]:
    if not strip_markers(headline).strip():
        yield Problem("empty", headline, "the headline is empty")
    if not any(strip_markers(p).strip() for p in paragraphs):
        yield Problem("empty", "", "the article has no paragraphs")


def _leaks(headline: str, paragraphs: list[str]) -> Iterator[Problem]:
    for where, text in [("headline", headline)] + [
        (f"paragraph {i + 1}", p) for i, p in enumerate(paragraphs)
    ]:
        prose = _QUOTED.sub(_blank, text)
        for m in _ANYWHERE.finditer(prose):
            yield Problem("leak", text[m.start() : m.end()], f"prompt leakage in the {where}")
        for sentence in split_sentences(prose):
            opener = _AT_START.match(sentence)
            if opener:
                span = opener.group().strip()
                yield Problem("leak", span, f"prompt leakage opens a sentence in the {where}")


def _blank(m: re.Match[str]) -> str:
    """Replace quoted speech with spaces, keeping offsets so spans still index the text."""
    return " " * len(m.group())


def _attribution(
    headline: str, paragraphs: list[str], allowed_labels: Collection[str]
) -> Iterator[Problem]:
    allowed = {_fold_label(label) for label in allowed_labels}
    for m in SOURCE_MARKER.finditer(headline):
        yield Problem("attribution", m.group(), "the headline carries a source marker")
    markers = [m for p in paragraphs for m in SOURCE_MARKER.finditer(p)]
    if paragraphs and not markers:
        yield Problem("attribution", "", "the body attributes nothing to a source")
    for m in markers:
        if _fold_label(m.group(1)) not in allowed:
            yield Problem("attribution", m.group(), f"unknown source label {m.group(1).strip()!r}")


def _numbers(generated: list[str], sources: str) -> Iterator[Problem]:
    known = {value for m in _NUMBER.finditer(sources) for value in _number_values(m)}
    reported: set[str] = set()
    for text in generated:
        for m in _NUMBER.finditer(text):
            values = _number_values(m)
            if values & known or values & reported:
                continue
            reported |= values
            yield Problem("number", m.group(), f"{m.group()!r} does not appear in the sources")


def _number_values(m: re.Match[str]) -> set[str]:
    """Canonical spellings: "1,200" == "1200", "3.50" == "3.5", "1.2 million" == "1200000"."""
    try:
        value = Decimal(m.group(1).replace(",", "") + (m.group(2) or ""))
    except InvalidOperation:  # pragma: no cover - the regex only admits digits
        return {m.group()}
    values = {_canonical(value)}
    if m.group(3):
        values.add(_canonical(value.scaleb(_SCALE[m.group(3).lower()])))
    return values


def _canonical(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _quotes(generated: list[str], sources: str) -> Iterator[Problem]:
    haystack = _fold_text(sources)
    for text in generated:
        for m in _QUOTED.finditer(text):
            quote = next(g for g in m.groups() if g is not None)
            fragments = [_fold_text(f).strip(_QUOTE_TRIM) for f in _ELLIPSIS.split(quote)]
            if any(f and f not in haystack for f in fragments):
                yield Problem("quote", m.group(), "quoted words do not appear in the sources")


def _padding(body: list[str], sources: str) -> Iterator[Problem]:
    source_words = len(_WORD.findall(sources))
    body_words = sum(len(_WORD.findall(p)) for p in body)
    limit = PADDING_RATIO * source_words + PADDING_ALLOWANCE
    if body_words > limit:
        yield Problem(
            "padding",
            "",
            f"the body has {body_words} words for {source_words} source words (limit {int(limit)})",
        )




def _fold_label(label: str) -> str:
    return " ".join(label.split()).casefold()


def _fold_text(text: str) -> str:
    """Case, quote style, dash style and whitespace do not count as changing a quote."""
    return " ".join(text.translate(_CHAR_FOLD).casefold().split())
