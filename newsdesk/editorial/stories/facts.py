"""What an item reports, as keys two reports of one event share: names, figures, words.

Why not word shingles alone: wire copy is written in frames ("X Town Council has approved a
budget of £N after councillors voted A-B"), so two items about different towns can share most
of their shingles. What makes them one event is who and where (names), how many and when
(figures and dates), and what happened (the content words). Each is kept apart here, so the
matcher can ask about each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdesk.editorial.stories.extract import (
    STOPWORDS,
    names,
    number_mentions,
    segment,
    stem,
    tokens,
    word_set,
)
from newsdesk.editorial.stories.quantities import Quantity, quantities

__all__ = ["Facts", "Figure", "facts_of", "name_keys"]

# Words that name kinds of things rather than one thing: "Town Council", "Crown Court",
# "Market Street" share them whatever the town. They still count, at a fifth of the weight.
GENERIC_NAME_WORDS = frozenset(stem(w) for w in word_set("""
    council councils town city county district borough parish village court crown magistrates
    police fire rescue ambulance service services department ministry minister office
    government state federal national international royal university school college academy
    hospital trust authority agency board committee commission council's party union
    united athletic rangers fc club league cup championship premier division
    park road street lane avenue way square bridge river station airport port harbour
    north south east west northern southern eastern western central upper lower new old great
    group holdings plc ltd limited inc company corp corporation bank foods homes energy
    news radio press times herald gazette post star wire daily weekly live today echo
    mr mrs ms dr cllr councillor judge chief executive president prime secretary mayor
    manager captain coach director chairman chair spokesman spokeswoman spokesperson
    sir lady lord saint st band
"""))

_CALENDAR_WORDS = frozenset(stem(w) for w in word_set("""
    monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays
    thursdays fridays saturdays sundays january february march april may june july august
    september october november december
"""))
_NUMBER_WORDS = frozenset(stem(w) for w in word_set("""
    one two three four five six seven eight nine ten eleven twelve dozen dozens hundred
    hundreds thousand thousands million millions billion first second third fourth fifth
    half
"""))
_SALIENT_SENTENCES = 2  # the lead: where a report names its event
_DIGITS = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class Figure:
    """A number-like mention: its spellings as values, and how much sharing it tells."""

    span: str
    values: frozenset[str]
    weight: float


@dataclass(frozen=True, slots=True)
class Facts:
    names: dict[str, float]  # salient name word -> weight (distinctive 1.0, generic 0.2)
    title_names: frozenset[str]  # the distinctive names of the headline: who it is about
    capitals: frozenset[str]  # every capitalised word anywhere, as keys: where a name is "found"
    figures: tuple[Figure, ...]
    content: frozenset[str]  # stems of the other (lower-case) words: what happened
    lead_weekdays: frozenset[str]  # the days the headline and first sentence name
    quantities: tuple[Quantity, ...]  # typed figures of the text, to find contradictions
    index: frozenset[str]  # every distinctive capitalised word: keys to find candidates by


def name_keys(word: str) -> list[str]:
    """A capitalised word as name keys; "Veradia-Tarsia" is two names."""
    return [stem(part) for part in word.split("-") if part[:1].isupper() and len(part) > 1]


def facts_of(title: str, text: str) -> Facts:
    """The keys of one item: names from its lead and any repeated, every figure, its words."""
    sentences = segment(text)
    lead_end = sentences[_SALIENT_SENTENCES - 1].end if len(sentences) >= \
        _SALIENT_SENTENCES else len(text)
    counts: dict[str, int] = {}
    salient: set[str] = set()
    for span in names(text):
        for word in span.words:
            for key in name_keys(word):
                counts[key] = counts.get(key, 0) + 1
                if span.start < lead_end:
                    salient.add(key)
    body_capitals = {key for t in tokens(text) for key in name_keys(t.text)}
    title_capitals = {key for t in tokens(title) for key in name_keys(t.text)}
    # A word the item also writes in lower case is a common noun ("the union", "three").
    both = f"{title}\n\n{text}"
    lower = {stem(t.text) for t in tokens(both) if t.text[:1].islower()}
    # A title in Title Case capitalises every word: only its words the body capitalises too
    # are names. A name opening a sentence ("Tellmark said ...") counts when the title has it.
    for key in (title_capitals & body_capitals) - lower - _NUMBER_WORDS:
        if len(key) >= 3 and key not in STOPWORDS:
            salient.add(key)
    salient |= {key for key, n in counts.items() if n >= 2}
    salient -= _CALENDAR_WORDS
    weights = {key: (0.2 if key in GENERIC_NAME_WORDS or key in lower else 1.0)
               for key in salient}
    title_names = frozenset(k for k in title_capitals & body_capitals if weights.get(k) == 1.0)
    first = sentences[0].text if sentences else ""
    lead_weekdays = frozenset(v for m in number_mentions(f"{title}\n\n{first}")
                              if m.kind == "weekday" for v in m.values)
    content = frozenset(
        stem(t.text) for t in tokens(both)
        if not t.text[:1].isupper() and t.lower not in STOPWORDS and not _DIGITS.search(t.text)
        and len(t.text) > 2
    )
    capitals = frozenset(body_capitals | title_capitals)
    index = frozenset(k for k in capitals - GENERIC_NAME_WORDS - _CALENDAR_WORDS - STOPWORDS
                      - _NUMBER_WORDS if k not in content and len(k) >= 2)
    return Facts(weights, title_names, capitals, tuple(_figures(both)), content,
                 lead_weekdays, tuple(quantities(text)), index)


def _figures(text: str) -> list[Figure]:
    found = []
    for mention in number_mentions(text):
        if not mention.reportable or mention.kind == "weekday":
            continue
        found.append(Figure(mention.span, mention.values, _figure_weight(mention.kind,
                                                                          mention.values)))
    return found


def _figure_weight(kind: str, values: frozenset[str]) -> float:
    """Small whole numbers recur in unrelated stories ("two people", "3-1"); a date, a time,
    a decimal or a larger number is rarely shared by chance."""
    if kind in ("date", "time"):
        return 1.0
    numbers = [v for v in values if ":" not in v]
    if any("." in v for v in numbers):
        return 1.0
    largest = max((float(v) for v in numbers), default=0.0)
    if 1900 <= largest <= 2100 and len(numbers) == 1:
        return 0.3  # a year
    return 1.0 if largest > 12 else 0.3
