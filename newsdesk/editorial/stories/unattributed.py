"""Figures an article states from a conflict without saying whose figure it is.

Why: when outlets disagree (12 dead or 15), an article that says "12 people died" has chosen
one outlet's figure and hidden the other. It may state each figure with its outlet ("12
people died, according to the Herald; the Wire reported 15"), so the check is per figure:
every conflicting value the article states needs, in its own clause, the name of an outlet
that reported that value. Inline ``[Source: …]`` markers do not count: they cite where a
sentence came from; they do not tell the reader that sources disagree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from newsdesk.editorial.stories.conflicts import Conflict
from newsdesk.editorial.stories.quantities import Quantity, quantities
from newsdesk.text.markers import SOURCE_MARKER

__all__ = ["UnattributedFigure", "unattributed_figures"]

_CLAUSE_BREAK = re.compile(r";|\s(?:while|whereas|but)\s|\u2014", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class UnattributedFigure:
    """A figure of the article (offsets index the article's text) that states a conflicting
    value: ``credited`` is the outlet its clause names (None: none), ``stated_by`` the
    outlets that reported that value."""

    conflict: Conflict
    span: str
    start: int
    end: int
    sentence: str
    sentence_start: int
    sentence_end: int
    stated_by: tuple[str, ...]
    credited: str | None

    def describe(self) -> str:
        whose = ", ".join(self.stated_by)
        if self.credited is None:
            return f"'{self.span}' is {whose}'s figure but is not attributed " \
                   f"({self.conflict.describe()})"
        return f"'{self.span}' is credited to {self.credited} but is {whose}'s figure " \
               f"({self.conflict.describe()})"


def unattributed_figures(article: str, conflicts: Sequence[Conflict], *,
                         aliases: Mapping[str, Iterable[str]] | None = None
                         ) -> list[UnattributedFigure]:
    """Every figure of ``article`` that states one side of a conflict without naming, in its
    clause, an outlet that reported it. ``aliases`` maps a source label to other names the
    article may use for the outlet ("the Herald")."""
    if not conflicts:
        return []
    by_key: dict[tuple[str, str], list[Conflict]] = {}
    for conflict in conflicts:
        by_key.setdefault((conflict.kind, conflict.subject), []).append(conflict)
    # Markers become spaces of the same length, so offsets still index the article.
    plain = SOURCE_MARKER.sub(lambda m: " " * len(m.group()), article)
    found = []
    for quantity in quantities(plain):
        for conflict in by_key.get(quantity.key, []):
            stated_by = tuple(dict.fromkeys(
                s.source for s in conflict.statements if quantity.agrees(s.quantity)))
            if not stated_by or set(stated_by) == set(conflict.sources):
                continue  # not one side's figure: the article may state it plainly
            credited = _credited(quantity, conflict, aliases or {})
            if credited in stated_by:
                continue
            offset = quantity.sentence.start
            found.append(UnattributedFigure(
                conflict, quantity.span, offset + quantity.start, offset + quantity.end,
                article[quantity.sentence.start:quantity.sentence.end],
                quantity.sentence.start, quantity.sentence.end, stated_by, credited))
    return found


def _credited(quantity: Quantity, conflict: Conflict,
              aliases: Mapping[str, Iterable[str]]) -> str | None:
    """The outlet named nearest the figure within its clause."""
    text = quantity.sentence.text
    clause_start, clause_end = 0, len(text)
    for mark in _CLAUSE_BREAK.finditer(text):
        if mark.end() <= quantity.start:
            clause_start = mark.end()
        elif mark.start() >= quantity.end:
            clause_end = mark.start()
            break
    best: tuple[int, str] | None = None
    for label in conflict.sources:
        for name in (label, *aliases.get(label, ())):
            pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
            for m in pattern.finditer(text, clause_start, clause_end):
                distance = m.start() - quantity.end if m.start() >= quantity.end \
                    else quantity.start - m.end()
                if best is None or distance < best[0]:
                    best = (distance, label)
    return best[1] if best else None
