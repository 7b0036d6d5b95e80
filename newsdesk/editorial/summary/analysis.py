"""A summary's raw material: the article split into candidate sentences, each tokenised
once, and the rest of the article counted.

Why a module of its own: this is the per-article cost of a summary (splitting, tokenising),
kept apart from the features built on it (`summary_features`) so each can be read alone.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import NamedTuple

from newsdesk.editorial.summary.terms import (
    ASCII_STOPWORDS,
    BYTE_LOWER_PUNCTUATION,
    BYTE_SHAPE,
    STOPWORDS,
    byte_stems,
    byte_term_list,
    one_byte_text,
    stems,
    term_list,
    words_of,
)
from newsdesk.text.sentences import Sentence, paragraph_breaks, segment

__all__ = ["NO_TAIL", "Analysis", "Item", "Tail", "analyse"]

# A capitalised word or a number after the first word: names and figures carry the facts.
_FACT = re.compile(r"\s[\"'(\u201c\u2018]?[A-Z0-9]")
_MAX_QUOTE_UNIT = 4
# Words read to judge the language: enough for a stable stopword share.
_LANGUAGE_SAMPLE = 400
# A wire dateline before the first words: "(CNN)", "LONDON (Reuters) -", "Baghdad, Iraq (AP) --".
_DATELINE = re.compile(r"^[^()\n]{0,40}\((?:[A-Z][A-Za-z]{1,11})\)\s*(?:[-\u2013\u2014]{1,2}\s*)?")


class Item(NamedTuple):
    """One candidate sentence, tokenised (a NamedTuple: built per sentence, so cheap)."""

    sentence: Sentence
    terms: AbstractSet[str]  # content terms (a set, not to be changed)
    words: int
    facts: int
    text: str  # the sentence as shown (a leading wire dateline removed)
    quote_fragment: bool = False  # part of a quotation spanning sentences


class Tail(NamedTuple):
    """The article after the sentences that were analysed (see `analyse`): only counted."""

    words: int = 0
    sentences: int = 0
    paragraphs: int = 0  # paragraphs that start in the tail
    terms: tuple[str, ...] = ()  # the content term of every tail word that has one


NO_TAIL = Tail()


@dataclass(frozen=True, slots=True)
class Analysis:
    items: list[Item]
    stopword_share: float
    tokens: int
    tail: Tail = NO_TAIL


def analyse(text: str, limit: int | None = None) -> Analysis:
    """Split and tokenise once; per-word Python work is the cost centre, so counting is
    left to C (str methods, set algebra, map).

    With a `limit`, only the first `limit` sentences become items (candidates); the rest of
    the article is the `Tail`, whose words, sentences, paragraphs and terms are counted in a
    few C calls, since the document features and centrality still need the whole article.
    Why: summaries come from the top of a news story (with every sentence a candidate, 96%
    of the 2,400 sentences chosen for the dev set's articles were among the first 18), while
    per-sentence work is most of the time.

    Text that fits one byte per character (ASCII, Latin-1, and curly quotes or dashes as
    their ASCII twins: most English news copy; see `summary_terms.one_byte_text`) is
    lowercased, stripped of punctuation and reduced to a letter-shape string once, as bytes,
    where translation is a table lookup; each sentence then only slices and splits. Other
    text takes the same steps per sentence on str. Both give the same tokens and fact counts.
    """
    items: list[Item] = []
    tokens = stopwords = 0
    sentences = segment(text, limit)
    raw = one_byte_text(text)
    lowered = shape = b""
    if raw is not None:
        lowered = raw.translate(BYTE_LOWER_PUNCTUATION)
        shape = raw.translate(BYTE_SHAPE)
    for sentence, fragment in zip(sentences, _quote_fragments(sentences), strict=True):
        shown = sentence.text
        if sentence.index == 0:
            dateline = _DATELINE.match(shown)
            if dateline and len(shown) - dateline.end() > 20:
                shown = shown[dateline.end():]
        content: AbstractSet[str]
        if raw is not None and shown is sentence.text:
            start, end = sentence.start, sentence.end
            byte_words = lowered[start:end].split()
            content, count = byte_stems(byte_words), len(byte_words)
            facts = shape.count(b" A", start, end) + shape.count(b" qA", start, end)
            if tokens < _LANGUAGE_SAMPLE:  # enough words to judge the language
                stopwords += sum(map(ASCII_STOPWORDS.__contains__, byte_words))
                tokens += count
        else:
            words = words_of(shown)
            content, count = stems(words), len(words)
            facts = len(_FACT.findall(shown))
            if tokens < _LANGUAGE_SAMPLE:
                stopwords += sum(map(STOPWORDS.__contains__, words))
                tokens += count
        items.append(Item(sentence, content, count, facts, shown, fragment))
    tail = NO_TAIL
    if limit is not None and len(sentences) == limit and sentences[-1].end < len(text):
        tail = _tail(text, sentences[-1].end, lowered if raw is not None else None, items)
    return Analysis(items, stopwords / tokens if tokens else 0.0, tokens, tail)


def _tail(text: str, rest: int, lowered: bytes | None, items: list[Item]) -> Tail:
    """Count the article from offset `rest` on; `lowered` is the byte path's lowered text."""
    if lowered is not None:
        byte_words = lowered[rest:].split()
        size, found = len(byte_words), byte_term_list(byte_words)
    else:
        words = words_of(text[rest:])
        size, found = len(words), term_list(words)
    if not size:
        return NO_TAIL
    # Sentences estimated at the analysed ones' mean length: counting them cost more than
    # all the tail's terms, and only document averages use the number.
    analysed_words = sum([it.words for it in items]) or 1
    estimate = max(round(size * len(items) / analysed_words), 1)
    return Tail(size, estimate, paragraph_breaks(text, rest), tuple(found))


def _quote_fragments(sentences: list[Sentence]) -> list[bool]:
    """Which sentences are part of a quotation that runs over several sentences.

    '"We will rebuild. It will take years," the mayor said.' is two sentences to the
    splitter; either alone would show a reader half a quote, so the summarizer prefers
    other sentences (joining them instead made worse summaries: long units crowd out
    the news). A quote left open at a paragraph end, or after _MAX_QUOTE_UNIT sentences,
    is treated as a stray mark.
    """
    fragment = [False] * len(sentences)
    if not any("\"" in s.text or "\u201c" in s.text for s in sentences):
        return fragment
    i = 0
    while i < len(sentences):
        j = i
        text = sentences[i].text
        while (
            _open_quote(text)
            and j + 1 < len(sentences)
            and j + 1 - i < _MAX_QUOTE_UNIT
            and sentences[j + 1].paragraph == sentences[i].paragraph
        ):
            j += 1
            text += " " + sentences[j].text
        if j > i and not _open_quote(text):
            fragment[i : j + 1] = [True] * (j + 1 - i)
        i = j + 1 if j > i and not _open_quote(text) else i + 1
    return fragment


def _open_quote(text: str) -> bool:
    straight = text.count('"')
    if straight:
        return straight % 2 == 1
    return text.count("\u201c") > text.count("\u201d")
