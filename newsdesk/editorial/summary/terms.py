"""Words to content terms for the summarizer: tokenising tables and a bounded term cache.

Why a module of its own: tokens are the summarizer's per-word cost, so everything here is
arranged for C to do the looping (str.translate + split, bytes tables, dict lookups through
map). `summary_features` builds the sentence features from these terms.
"""

from __future__ import annotations

import codecs
import string
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from typing import Any

from newsdesk.text.folding import TYPOGRAPHIC_TWINS

__all__ = [
    "ASCII_STOPWORDS",
    "BYTE_LOWER_PUNCTUATION",
    "BYTE_SHAPE",
    "PUNCTUATION",
    "STOPWORDS",
    "byte_stems",
    "byte_term_list",
    "jaccard",
    "one_byte_text",
    "stems",
    "term_list",
    "terms",
    "words_of",
]

# Punctuation becomes a space and str.split() tokenises: several times faster than a regex.
PUNCTUATION = str.maketrans(
    dict.fromkeys(
        string.punctuation + "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00ab\u00bb", " "
    )
)
# Not the guard's list (guard_text.STOPWORDS), on purpose: these words decide the content
# terms every summary feature counts, so the list is part of the trained model; changing
# it means retraining (scripts/train_summarizer.py) and re-pinning the benchmark floors.
_STOPWORD_TEXT = """a about above after again against all also am an and any are as at be because
    been before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers him his how i if in into is it
    its itself just me more most my no nor not now of off on once only or other our ours out
    over own said same she should so some such than that the their theirs them then there
    these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your says say told according new"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
ASCII_STOPWORDS = frozenset(w.encode("ascii") for w in STOPWORDS)
# The typographic marks of PUNCTUATION (curly quotes, dashes, ellipsis: common in English
# news copy), each as the ASCII mark it stands for, so such text can take the one-byte path.
_TYPOGRAPHY = {**TYPOGRAPHIC_TWINS, "\u2026": "."}
_ONE_BYTE_ERRORS = "newsdesk-one-byte"


def _typography(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    marks = [_TYPOGRAPHY.get(char) for char in error.object[error.start:error.end]]
    if None in marks:
        raise error  # a letter of another script, a symbol: the str path keeps it whole
    return "".join(marks), error.end  # type: ignore[arg-type]  # no None left


codecs.register_error(_ONE_BYTE_ERRORS, _typography)


def one_byte_text(text: str) -> bytes | None:
    """`text` as one byte per character (so offsets stay valid) when nothing a token needs is
    lost: Latin-1 characters as themselves, the marks of _TYPOGRAPHY as their ASCII twins;
    None when other characters are present. Byte-level tokenising is several times faster
    than str.translate on non-ASCII text."""
    if text.isascii():
        return text.encode("ascii")
    try:
        return text.encode("latin-1", _ONE_BYTE_ERRORS)
    except UnicodeEncodeError:
        return None


def _whitespace(c: int) -> bool:
    """What str.split() splits at, for a Latin-1 byte (it also splits at 0x1c-0x1f)."""
    return chr(c).isspace()


def _lowered(c: int) -> int:
    low = chr(c).lower()
    return ord(low) if len(low) == 1 and ord(low) < 256 else c


# The byte twins of str.lower + PUNCTUATION + str.split, and of the fact pattern, for
# one-byte text: letters lowercased, punctuation and every str whitespace a space; for
# facts, whitespace is " ", an ASCII capital or digit "A", an opening mark "q", anything
# else "x", so facts are the occurrences of " A" and " qA".
BYTE_LOWER_PUNCTUATION = bytes(
    32 if chr(c) in string.punctuation or chr(c) in "\u00ab\u00bb" or _whitespace(c)
    else _lowered(c)
    for c in range(256)
)
BYTE_SHAPE = bytes(
    32 if _whitespace(c)
    else ord("A") if chr(c).isascii() and (chr(c).isdigit() or chr(c).isupper())
    else ord("q") if chr(c) in "\"'("
    else ord("x")
    for c in range(256)
)


def words_of(text: str) -> list[str]:
    """Lowercased words, punctuation dropped."""
    return text.lower().translate(PUNCTUATION).split()


def terms(text: str) -> AbstractSet[str]:
    return stems(words_of(text))


def jaccard(a: AbstractSet[str], b: AbstractSet[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def stems(words: list[str]) -> AbstractSet[str]:
    """Content terms of some lowercased words: stopwords and one-letter words dropped,
    plurals crudely folded ("outages" meets "outage"). Each word is looked up in a plain
    dict, so once every word has been seen the whole lookup runs in C (`_learn` fills the
    dict on a miss; a dict subclass with __missing__ made every lookup twice as slow)."""
    return _term_set(_TERMS, words)


def byte_stems(words: list[bytes]) -> AbstractSet[str]:
    """`stems` for words as one-byte (Latin-1) bytes. A dict of its own: an ASCII bytes key
    hashes like its str twin, so sharing one dict would make every lookup compare bytes
    with str."""
    return _term_set(_BYTE_TERMS, words)


def _term_set(cache: dict[Any, str | None], words: list[Any]) -> AbstractSet[str]:
    try:
        found = set(map(cache.__getitem__, words))
    except KeyError:
        _learn(cache, words)
        found = set(map(cache.__getitem__, words))
    found.discard(None)
    return found  # type: ignore[return-value]  # None was discarded


def term_list(words: list[str]) -> list[str]:
    """The content term of every word of `words` that has one, in order, repeats kept."""
    return _lookup(_TERMS, words)


def byte_term_list(words: list[bytes]) -> list[str]:
    return _lookup(_BYTE_TERMS, words)


def _lookup(cache: dict[Any, str | None], words: list[Any]) -> list[str]:
    try:
        return list(filter(None, map(cache.__getitem__, words)))
    except KeyError:
        _learn(cache, words)
        return list(filter(None, map(cache.__getitem__, words)))


def _learn(cache: dict[Any, str | None], words: Iterable[str | bytes]) -> None:
    """Add the term of every word not yet in `cache` (None for a stopword or a one-letter
    word). The cache is emptied when it would pass _MAX_CACHED words, so memory stays
    bounded however many articles go through one process."""
    new = {word for word in words if word not in cache}
    if len(cache) + len(new) > _MAX_CACHED:
        cache.clear()
    for key in new:
        word = key.decode("latin-1") if isinstance(key, bytes) else key
        if len(word) <= 1 or word in STOPWORDS:
            cache[key] = None
        elif len(word) > 3 and word[-1] == "s" and word[-2] != "s":
            cache[key] = word[:-1]
        else:
            cache[key] = word


_MAX_CACHED = 200_000
# word -> its term; words may come as Latin-1 bytes (see `analyse`), their terms are str.
_TERMS: dict[str, str | None] = {}
_BYTE_TERMS: dict[bytes, str | None] = {}
