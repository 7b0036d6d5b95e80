"""The words around a figure: what it is about, what counts it, how it is hedged.

Why words and not a parser: a figure in news copy nearly always sits next to the word that
says what it counts ("killed 12", "a budget of £1.2m", "jailed for 18 months"), so the
closest such word, not past another figure or across a clause, names its subject.
"""

from __future__ import annotations

from newsdesk.editorial.stories.extract import STOPWORDS, Token, stem, tokens, word_set
from newsdesk.editorial.stories.lexicon import (
    AGE_NOUNS,
    CEILINGS,
    QUALIFIERS,
    SKIP_BEFORE_NOUN,
    trigger_class,
)

__all__ = ["NUMBER_WORDS", "Words", "age_subject", "hedge", "is_count", "is_total", "nearest",
           "nearest_at", "noun_index", "partitive_end", "person_before_who"]

NUMBER_WORDS = word_set("""
    two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
    hundred thousand million billion dozen
""")
_MONTHS = word_set("""
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
""")
_CLAUSE_WORDS = word_set("and but while whereas as after")
_CLAUSE_COST = 4  # a clause word crossed counts as this many more words of distance
_WINDOW = 12  # words either side in which a subject word counts


class Words(list[Token]):
    """A sentence's words, and whether a clause mark (; : — or a bracket) follows one."""

    def __init__(self, text: str) -> None:
        super().__init__(tokens(text))
        self.text = text

    def breaks_after(self, i: int) -> bool:
        if not 0 <= i < len(self) - 1:
            return False
        return any(mark in self.text[self[i].end:self[i + 1].start] for mark in ";:()\u2014")


def nearest(words: Words, span: tuple[int, int], allowed: frozenset[str]) -> str | None:
    """The subject group of the closest subject word either side of the figure's phrase,
    within the window (after wins ties)."""
    found = nearest_at(words, span, allowed)
    return found[1] if found else None


def nearest_at(words: Words, span: tuple[int, int], allowed: frozenset[str]
               ) -> tuple[int, str] | None:
    """Where the closest subject word is, and its group. Looking ahead stops at another
    figure: a word past it describes that one ("risen to 27, with more than 150 injured").
    Looking back passes a figure of the same phrase ("profit rose 8% to £184m") but not one
    of another clause ("five were injured and two homes destroyed")."""
    first, last = span
    before = _scan(words, range(first - 1, max(-1, first - _WINDOW - 1), -1), allowed,
                   backwards=True)
    after = _scan(words, range(last + 1, min(len(words), last + _WINDOW + 1)), allowed,
                  backwards=False)
    if after and (not before or after[0] <= before[0]):
        return after[1], after[2]
    return (before[1], before[2]) if before else None


def _scan(words: Words, indices: range, allowed: frozenset[str], *,
          backwards: bool) -> tuple[int, int, str] | None:
    """The first subject word along ``indices``: its distance (a clause word crossed on the
    way counts as several words), index and group."""
    clause_break = False
    distance = 0
    for i in indices:
        distance += 1
        if is_count(words, i) and (not backwards or clause_break):
            return None
        if words[i].lower in _CLAUSE_WORDS or words.breaks_after(i if backwards else i - 1):
            clause_break = True
            distance += _CLAUSE_COST
        group = trigger_class(words[i].text)
        if words[i].lower == "board" and i and words[i - 1].lower == "on":
            group = "aboard"
        if group in allowed:
            return distance, i, group
    return None


def is_count(words: Words, i: int) -> bool:
    """A figure other than a date's day ("14 April" does not end a clause's subject)."""
    word = words[i].text
    if not (any(c.isdigit() for c in word) or word.casefold() in NUMBER_WORDS):
        return False
    neighbours = {words[j].lower.rstrip(".") for j in (i - 1, i + 1) if 0 <= j < len(words)}
    return not neighbours & _MONTHS


def partitive_end(words: Words, last: int) -> int:
    following = [t.lower for t in words[last + 1:last + 4]]
    if len(following) == 3 and following[0] == "of" and following[1] in ("the", "its", "their") \
            and is_count(words, last + 3):
        return last + 3
    return last


def noun_index(words: Words, last: int) -> int | None:
    """The word a figure counts ("12 people", "two other workers"), if one follows it."""
    for i in range(last + 1, min(len(words), last + 4)):
        if words[i].lower in SKIP_BEFORE_NOUN:
            continue
        if words[i].text.isalpha() and words[i].lower not in STOPWORDS \
                and words[i].lower not in NUMBER_WORDS:
            return i
        return None
    return None


def is_total(words: Words, at: int) -> bool:
    """Preceded by a possessive or "of the": the figure is a whole that a share is taken of."""
    before = [t.lower for t in words[max(0, at - 3):at]]
    return any(w.endswith(("'s", "\u2019s")) for w in before) or \
        " ".join(before[-2:]) in ("of the", "of its", "of their")


def hedge(words: Words, at: int) -> tuple[float | None, float | None, bool, int]:
    """The hedge before a figure as factors of its value, whether it states a maximum, and
    how many words it takes."""
    before = tuple(t.lower for t in words[max(0, at - 3):at])
    for phrase, (low, high) in sorted(QUALIFIERS.items(), key=lambda kv: -len(kv[0])):
        if before[-len(phrase):] == phrase:
            return low, high, phrase in CEILINGS, len(phrase)
    return 1.0, 1.0, False, 0


def person_before_who(words: Words, at: int) -> str:
    for i in range(at - 1, max(-1, at - 5), -1):
        if words[i].lower == "who" and i > 0:
            return stem(words[i - 1].text) if words[i - 1].lower in AGE_NOUNS else ""
    return ""


def age_subject(words: Words, at: int) -> str:
    for token in words[at + 1: at + 3]:
        if token.lower in AGE_NOUNS:
            return stem(token.text)
    if at > 0 and words[at - 1].text[:1].isupper() and words[at - 1].lower not in STOPWORDS:
        return stem(words[at - 1].text)
    return ""
