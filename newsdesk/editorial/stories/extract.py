"""The guard's word, name and number extractors, as this package uses them.

Why one module: the guard's extractors are being regrouped into a package of their own; every
import of them from here goes through this file, so a move changes these lines only. It also
reads one spelling the guard's number reader does not: British clock times with a full stop
("2.40am"), which it takes for the decimal 2.4.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from newsdesk.editorial.guard.names import NameSpan, names
from newsdesk.editorial.guard.numbers import Mention, mentions
from newsdesk.text.sentences import Sentence, segment
from newsdesk.text.tokens import STOPWORDS, Token, stem, tokens, word_set

__all__ = ["STOPWORDS", "Mention", "NameSpan", "Sentence", "Token", "names", "number_mentions",
           "segment", "stem", "tokens", "word_set"]

_DOTTED_TIME = re.compile(
    r"\b(?P<hour>1[0-2]|0?[1-9])\.(?P<minute>[0-5]\d)\s?(?P<ampm>[ap])\.?m\b\.?", re.IGNORECASE
)


def number_mentions(text: str) -> Iterator[Mention]:
    """The guard's number-like mentions, with "2.40am" read as the time 02:40."""
    times = [
        Mention("time", m.group().strip(), m.start(), m.end(),
                frozenset({_clock(m)}))
        for m in _DOTTED_TIME.finditer(text)
    ]
    pending = iter(times)
    upcoming = next(pending, None)
    for mention in mentions(text):
        while upcoming is not None and upcoming.start <= mention.start:
            yield upcoming
            upcoming = next(pending, None)
        if any(t.start <= mention.start < t.end for t in times):
            continue
        yield mention
    while upcoming is not None:
        yield upcoming
        upcoming = next(pending, None)


def _clock(m: re.Match[str]) -> str:
    hour = int(m.group("hour")) % 12 + (12 if m.group("ampm").casefold() == "p" else 0)
    return f"time:{hour:02d}:{int(m.group('minute')):02d}"
