"""Words with their offsets, light stems and function words, as the guard compares texts.

Why a crude suffix stemmer: the guard compares a generated text with its source word by word,
and "rose"/"rising" or "council's"/"council" must not look like new facts. A dictionary stemmer
would be a dependency; stripping a few English suffixes gets most of the way and is fast.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["STOPWORDS", "Token", "stem", "stems", "tokens", "word_set"]

_TOKEN = re.compile(r"[^\W_]+(?:['\u2019.\-][^\W_]+)*", re.UNICODE)
_POSSESSIVE = re.compile(r"['\u2019]s?$")


def word_set(words: str) -> frozenset[str]:
    """A set from whitespace-separated words: long word lists stay readable."""
    return frozenset(words.split())


# Function words: they carry no fact, so they never count as supported or unsupported content.
STOPWORDS = word_set(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself s t don
    according said says say told tell also however while since per via amid among upon
    would could may might must shall one ones mr mrs ms dr n't 's"""
)


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.casefold()


def tokens(text: str) -> list[Token]:
    """Words with their offsets; "U.S.", "al-Assad" and "don't" stay one token each."""
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light English stem: enough to match inflections, not a linguistic analysis."""
    w = _POSSESSIVE.sub("", word.casefold().replace("\u2019", "'")).replace(".", "")
    if len(w) <= 4:
        return w
    for suffix in ("ations", "ation", "ings", "ing", "edly", "ies", "ied", "ers", "est", "ed",
                   "es", "er", "ly", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            break
    return w[:7]


def stems(words: Iterable[str]) -> set[str]:
    return {stem(w) for w in words}
