"""Names of people, organisations and places: capitalised spans, without a model.

Why a heuristic: a statistical tagger would be a large dependency with a model to load on
every check. In edited English prose a name is a run of capitalised words that does not open
a sentence; that finds most of them in well under a millisecond. A name in a generated text is
supported when each of its words occurs in the source (any case, light stem), so "Iraq's Anbar
province" matches "Anbar province, Iraq" and a dropped first name does not count as new.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from newsdesk.text.calendar_words import MONTHS, WEEKDAYS
from newsdesk.text.tokens import STOPWORDS, Token, stem, tokens

__all__ = ["NameSpan", "central_names", "names", "unsupported_names"]

_CONNECTORS = frozenset({"of", "de", "da", "del", "der", "van", "von", "al", "bin", "la", "le",
                         "du", "di", "&"})
_NOT_NAMES = frozenset({*MONTHS, *WEEKDAYS, "i", "i'm", "i've", "i'd", "i'll", "ok", "tv"})
_PARTICLES = frozenset({"al", "el", "ad", "ash", "bin", "ibn", "abu"})
_OPENERS = ".!?:;\"\u201c\u201d(\n*#-\u2022"


@dataclass(frozen=True, slots=True)
class NameSpan:
    span: str
    start: int
    end: int
    words: tuple[str, ...]  # the capitalised words, connectors left out


def names(text: str) -> Iterator[NameSpan]:
    """Capitalised runs that are not just a sentence's first word."""
    words = tokens(text)
    i = 0
    while i < len(words):
        if not _capitalised(words[i]):
            i += 1
            continue
        j = i + 1
        while j < len(words) and _continues(text, words, j):
            j += 1
        run = words[i:j]
        while run and run[-1].lower in _CONNECTORS:
            run = run[:-1]
        if _opens_sentence(text, words[i].start):
            while run and (run[0].lower in STOPWORDS or run[0].lower in _CONNECTORS):
                run = run[1:]
            if len(run) == 1 and run[0] is words[i]:
                run = []  # a lone sentence-initial capital tells nothing
        core = tuple(t.text for t in run if t.lower not in _CONNECTORS
                     and t.lower not in _NOT_NAMES and t.lower not in STOPWORDS)
        if core:
            yield NameSpan(text[run[0].start : run[-1].end], run[0].start, run[-1].end, core)
        i = j


def unsupported_names(text: str, source_stems: set[str], source_folded: str) -> Iterator[NameSpan]:
    """Names of `text` with a word that the source has in no case or inflection."""
    for name in names(text):
        if any(not _word_supported(w, source_stems, source_folded) for w in name.words):
            yield name


def central_names(source_texts: Sequence[str], minimum: int = 3) -> list[str]:
    """Names the source keeps returning to: a rewrite that drops one lost the story's subject.

    Counted per word (the surname carries a person through a story) over every source text;
    a word must occur `minimum` times and at least half as often as the most frequent one.
    """
    spelled: dict[str, str] = {}
    for text in source_texts:
        for name in names(text):
            for word in name.words:
                if len(word) > 2:
                    spelled.setdefault(stem(word), word)
    # Count every capitalised use, sentence openers included ("Delgado said ...").
    counts: Counter[str] = Counter(
        key for text in source_texts for t in tokens(text)
        if _capitalised(t) and (key := stem(t.text)) in spelled
    )
    if not counts:
        return []
    top = counts.most_common(1)[0][1]
    return [spelled[k] for k, n in counts.most_common() if n >= max(minimum, top / 2)]


def _word_supported(word: str, source_stems: set[str], source_folded: str) -> bool:
    folded = word.casefold()
    return stem(word) in source_stems or folded in source_folded


def _capitalised(token: Token) -> bool:
    """ "Delgado", "NATO", and Arabic-style "al-Rawi" / "el-Sisi"."""
    text = token.text
    if "-" in text[:4] and text.split("-", 1)[0].casefold() in _PARTICLES:
        text = text.split("-", 1)[1] or text
    return text[0].isupper() and token.lower not in _NOT_NAMES


def _continues(text: str, words: list[Token], j: int) -> bool:
    gap = text[words[j - 1].end : words[j].start]
    if gap.strip() not in ("", "-"):
        return False  # punctuation ends a name
    if _capitalised(words[j]):
        return True
    return (words[j].lower in _CONNECTORS and j + 1 < len(words)
            and _capitalised(words[j + 1]))


def _opens_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t'\u2018")
    return not before or before[-1] in _OPENERS
