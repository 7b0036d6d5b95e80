"""Conflicting figures: the sources of one story state different values for one quantity.

Why typed quantities and not unequal numbers: two reports of one event state many figures,
most about different things (the dead and the injured, the budget and the rise in the bill),
and the same figure in other words ("a dozen", "12"; "about 40,000", "39,800"). A conflict is
one kind of quantity about one subject that two sources give ranges for that cannot both
hold. Each conflict keeps every source's statements with their sentences and offsets, so an
editor can see them side by side and the guard can find them in an article.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from newsdesk.editorial.stories.quantities import Quantity, quantities

__all__ = ["Conflict", "Labelled", "Statement", "find_conflicts"]


class Labelled(Protocol):
    """A source's text under its outlet's label (``SourceDocument`` is one)."""

    @property
    def label(self) -> str: ...

    @property
    def text(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Statement:
    """One source's figure: ``start``/``end`` index the source's text, as do the
    sentence's ``sentence_start``/``sentence_end``."""

    source: str
    span: str
    start: int
    end: int
    sentence: str
    sentence_start: int
    sentence_end: int
    quantity: Quantity


@dataclass(frozen=True, slots=True)
class Conflict:
    kind: str  # deaths, injuries, votes, money, percent, date, time, age, duration, ...
    subject: str  # what it is about within that kind ("" for the event's own count)
    statements: tuple[Statement, ...]  # every source's figures for it, sources in order

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.source for s in self.statements))

    def describe(self) -> str:
        """ "deaths: 12 (Harlow Herald) / 15 (County Wire)"."""
        by_source: dict[str, list[str]] = {}
        for s in self.statements:
            by_source.setdefault(s.source, []).append(s.span)
        what = f"{self.kind} ({self.subject})" if self.subject else self.kind
        return f"{what}: " + " / ".join(f"{', '.join(dict.fromkeys(spans))} ({source})"
                                        for source, spans in by_source.items())


def find_conflicts(sources: Sequence[Labelled]) -> list[Conflict]:
    """Every quantity two of ``sources`` disagree on, in the order first stated.

    Sources with the same label are read as one outlet. Within one source several values for
    one quantity may stand (an update, "rose from 3 to 5"); two sources conflict when no
    value of one agrees with any value of the other."""
    statements: dict[tuple[str, str], dict[str, list[Statement]]] = {}
    for source in sources:
        for quantity in quantities(source.text):
            offset = quantity.sentence.start
            statement = Statement(
                source.label, quantity.span, offset + quantity.start, offset + quantity.end,
                quantity.sentence.text, quantity.sentence.start, quantity.sentence.end,
                quantity,
            )
            statements.setdefault(quantity.key, {}).setdefault(source.label, []).append(
                statement)
    conflicts = []
    for (kind, subject), by_source in statements.items():
        labels = list(by_source)
        if any(_disagree(by_source[a], by_source[b])
               for i, a in enumerate(labels) for b in labels[i + 1:]):
            conflicts.append(Conflict(kind, subject, tuple(
                s for label in labels for s in by_source[label])))
    return conflicts


def _disagree(left: list[Statement], right: list[Statement]) -> bool:
    return not any(a.quantity.agrees(b.quantity) for a in left for b in right)
