"""Rule-based, abbreviation-aware sentence and paragraph splitting.

Why rules and not a model: the splitter runs on every article (summaries, fact guard, offline
rewriter), must be fast and deterministic, and must never drop or reorder content. Each
sentence is a slice of the input with its whitespace folded, so joining the sentences with
single spaces gives back the input with its whitespace folded.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["Sentence", "paragraph_breaks", "segment", "split_paragraphs", "split_sentences"]


@dataclass(slots=True)
class Sentence:
    """One sentence and where it came from (offsets index the original text). Not frozen,
    though nothing changes one: one is built per sentence of every article, and a frozen
    dataclass costs four times as much to build."""

    text: str
    paragraph: int  # 0-based paragraph index
    index: int  # 0-based sentence index across the whole text
    start: int
    end: int


# A blank line (possibly holding spaces) separates paragraphs.
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
# A list item: "-", "*", "•", "1." or "1)" at the start of a line, then a space.
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*\u2022\u2023\u25aa\u2013]|\d{1,3}[.)])[ \t]+", re.MULTILINE)
# Candidate boundary: terminal punctuation, any closing quotes/brackets, then whitespace.
# Groups 1 and 2 look ahead in the same scan (no second regex call per candidate): the next
# word, after whitespace and any opening quotes/brackets, and a full stop right after it.
_AFTER_MARK = (
    r"[.?!\u2026]*[\"'\u201d\u2019\u00bb)\]]*(?=\s)"
    r"(?:(?=\s+[\"'\u201c\u2018\u00ab(\[]*([\w'\u2019-]+)(\.?)))?"
)
_CANDIDATE = re.compile(r"[.?!\u2026]" + _AFTER_MARK)
# The same from a full stop only: a pattern opening with one literal character is searched
# for several times faster than one opening with a character set (see `_candidates`).
_FULL_STOP_CANDIDATE = re.compile(r"\." + _AFTER_MARK)
_RARE_MARKS = "?!\u2026"
# The word before a boundary runs back to whitespace or an opening quote/bracket. Matched over
# a short window before the punctuation (one C scan instead of a character walk in Python):
# group 1 is what follows the window's last separator.
_OPENERS = "\"'\u201c\u2018\u00ab([{"
_WORD_WINDOW = 40
_WORD_BEFORE = re.compile(r"(?s:.*[\s\"'\u201c\u2018\u00ab(\[{])?(.*)")


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


# Never ends a sentence: courtesy/rank titles and Latin shorthands.
_TITLES = _words(
    """mr mrs ms mx dr prof rev hon sen rep gov gen lt col maj sgt capt cmdr adm pres supt
    det insp messrs mme mlle vs v e.g i.e cf viz al"""
)
# Ends a sentence unless a number follows ("No. 10", "Jan. 5", "p. 12").
_BEFORE_NUMBER = _words(
    """no nos vol vols p pp fig figs art sec ch op para approx est ca jan feb mar apr jun jul
    aug sep sept oct nov dec"""
)
# Usually inside a sentence ("U.S. Senate", "Apple Inc. shares"), but can end one; split only
# when the next word is a typical sentence opener ("... in the U.S. The ...").
_AMBIGUOUS = _words(
    """inc corp co ltd llc plc bros jr sr st ave blvd rd mt ft etc dept univ assn"""
)
_UPPER_INITIALISM = re.compile(r"(?:[A-Z]\.)+[A-Z]$|[A-Z]$")
_STARTERS = _words(
    """The A An This That These Those It Its He She They We I You His Her Their Our My Your
    But And Yet So Or Nor In On At As For If When While After Before Since Although Though
    However Meanwhile Still Also Some Many Most Others Both Each No Not One There Here What
    Why How Who Where Earlier Later Last Next Then Now Today Yesterday Officials Police
    According Asked Under With Without By From Despite During"""
)


def split_paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs, stripped; blank ones dropped."""
    return [p.strip() for p in _PARAGRAPH_BREAK.split(text) if p.strip()]


def split_sentences(text: str) -> list[str]:
    """The simple API: sentence texts in order."""
    return [s.text for s in segment(text)]


def segment(text: str, limit: int | None = None) -> list[Sentence]:
    """Sentences with their paragraph index and character offsets; with a `limit`, only
    the first `limit` sentences (the rest of the text is not even scanned)."""
    out: list[Sentence] = []
    for para_index, (p_start, p_end) in enumerate(_paragraph_spans(text)):
        for b_start, b_end in _block_spans(text, p_start, p_end):
            for s_start, s_end in _sentence_spans(text, b_start, b_end):
                chunk = text[s_start:s_end]
                if not _is_folded(chunk):
                    chunk = " ".join(chunk.split())
                out.append(Sentence(chunk, para_index, len(out), s_start, s_end))
                if len(out) == limit:
                    return out
    return out


def paragraph_breaks(text: str, start: int = 0) -> int:
    """How many paragraph breaks `text` has from `start` on (one regex scan, no splitting)."""
    return len(_PARAGRAPH_BREAK.findall(text, start))


def _is_folded(chunk: str) -> bool:
    """True when folding whitespace would not change a trimmed chunk (ASCII, single spaces
    only): substring tests are much cheaper than split and join, and most sentences pass."""
    # Every str whitespace character in ASCII, and a double space.
    return chunk.isascii() and not (
        "  " in chunk or "\n" in chunk or "\t" in chunk or "\r" in chunk or "\x0b" in chunk
        or "\x0c" in chunk or "\x1c" in chunk or "\x1d" in chunk or "\x1e" in chunk
        or "\x1f" in chunk
    )


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return [trimmed for s, e in spans if (trimmed := _trim(text, s, e))[0] < trimmed[1]]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _block_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a paragraph at list items; each item (and any prose before them) is a block.

    The list marker stays with its item's text; lines after an item continue that item.
    """
    if text.find("\n", start, end) < 0:
        # One line: an item can only start at the paragraph's start (a full scan costs more).
        first = _LIST_ITEM.match(text, start, end)
        cuts = [first.start()] if first else []
    else:
        cuts = [m.start() for m in _LIST_ITEM.finditer(text, start, end)]
    if not cuts:
        return [(start, end)]
    bounds = sorted({start, *cuts})
    spans = zip(bounds, [*bounds[1:], end], strict=True)
    return [t for s, e in spans if (t := _trim(text, s, e))[0] < t[1]]


def _sentence_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The sentences of one block, found as they are asked for: `segment` with a limit
    stops reading a long paragraph (a wire story is often one) at the limit."""
    block = text[start:end]
    marker = _LIST_ITEM.match(block)
    scan_from = marker.end() if marker else 0
    protected = _parenthetical_spans(block)
    pos = 0
    for m in _candidates(block, scan_from):
        punct_start, cut = m.span()
        if protected and any(a < punct_start and cut <= b for a, b in protected):
            continue  # inside a balanced parenthesis; its closing ")" is the boundary
        next_word, next_dot = m.groups()
        if _is_boundary(block, punct_start, m.group(), next_word, next_dot):
            # The piece ends in punctuation, so only its leading whitespace needs trimming.
            kept = len(block[pos:cut].lstrip())
            if kept:
                yield start + cut - kept, start + cut
            pos = cut
    first, last = _trim(block, pos, len(block))
    if first < last:
        yield start + first, start + last


def _candidates(block: str, start: int) -> Iterator[re.Match[str]]:
    """What `_CANDIDATE.finditer(block, start)` finds, faster: full stops by a search for a
    literal, and the rarer "?", "!" and "\u2026" (absent from most paragraphs) by str.find,
    merged in order. A match that starts inside the previous one (".?" after "?.") is the
    same run of marks and is skipped, as finditer would never see it."""
    stops = _FULL_STOP_CANDIDATE.finditer(block, start)
    rare = sorted(i for mark in _RARE_MARKS for i in _positions(block, mark, start))
    if not rare:
        yield from stops
        return
    others = (m for i in rare if (m := _CANDIDATE.match(block, i)))
    end = -1
    for m in heapq.merge(stops, others, key=_start):
        if m.start() >= end:
            yield m
            end = m.end()


def _start(match: re.Match[str]) -> int:
    return match.start()


def _positions(text: str, mark: str, start: int) -> Iterator[int]:
    i = text.find(mark, start)
    while i >= 0:
        yield i
        i = text.find(mark, i + 1)


def _parenthetical_spans(block: str) -> list[tuple[int, int]]:
    """Balanced (...) spans of modest length; their inner full stops are not boundaries."""
    if "(" not in block:
        return []
    spans: list[tuple[int, int]] = []
    stack: list[int] = []
    for i in sorted([*_positions(block, "(", 0), *_positions(block, ")", 0)]):
        if block[i] == "(":
            stack.append(i)
        elif stack:
            opened = stack.pop()
            # A parenthesis opening a sentence holds whole sentences: let it split itself.
            if not stack and i - opened < 400 and not _opens_sentence(block, opened):
                spans.append((opened, i + 1))
    return spans


def _opens_sentence(block: str, at: int) -> bool:
    """Whether only whitespace stands between a sentence end (or the start) and `at`;
    walked back a character at a time (slicing the text before `at` cost a copy per mark)."""
    i = at - 1
    while i >= 0 and block[i].isspace():
        i -= 1
    return i < 0 or block[i] in ".?!\"'\u201d\u2019"


def _is_boundary(
    block: str, punct_start: int, punct: str, next_word: str | None, next_dot: str | None
) -> bool:
    """Whether the punctuation at punct_start ends a sentence; next_word/next_dot are
    _CANDIDATE's look-ahead groups (None when no word follows)."""
    if next_word is None:
        has_next, next_word = False, ""
    else:
        has_next = True
    if next_word[:1].islower():
        return False  # "a.m. local time", '"Why?" she asked', "wait... and then"
    if "?" in punct or "!" in punct:
        return True
    if "\u2026" in punct or "..." in punct:
        return False  # an ellipsis usually trails off mid-sentence
    word = _word_before(block, punct_start)
    key = word.lower()
    if key in _TITLES:
        return False
    if key in _BEFORE_NUMBER:
        return not next_word[:1].isdigit()
    if key in _AMBIGUOUS or _UPPER_INITIALISM.match(word):
        # "J. K. Rowling", "U.S. Senate" stay whole; "the U.S. The ..." splits.
        return has_next and next_word in _STARTERS and not next_dot
    return True


def _word_before(block: str, punct_start: int) -> str:
    low = max(punct_start - _WORD_WINDOW, 0)
    match = _WORD_BEFORE.fullmatch(block, low, punct_start)
    assert match is not None  # the pattern matches any string
    if match.start(1) > low or low == 0:
        return match.group(1)
    i = low  # a word longer than the window: walk back the rest
    while i > 0 and not block[i - 1].isspace() and block[i - 1] not in _OPENERS:
        i -= 1
    return block[i:punct_start]
