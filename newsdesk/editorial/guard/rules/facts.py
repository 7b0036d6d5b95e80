"""Numbers, dates, times, names and quotes the sources do not hold, each reported once."""

from __future__ import annotations

from collections.abc import Iterator

from newsdesk.editorial.guard.draft import Draft
from newsdesk.editorial.guard.problems import GuardKind, Problem

# A date or a time is reported as such; every other mention (an amount, an ordinal) as a number.
_REPORTED_AS: dict[str, GuardKind] = {"date": "date", "time": "time"}


def unsupported_facts(draft: Draft) -> Iterator[Problem]:
    reported: set[str] = set()
    for found in draft.analyses:
        for mention in found.numbers:
            if mention.kind == "weekday" or mention.values & reported:
                continue  # a weekday is relative to the dateline: a signal, not a hard fact
            reported |= mention.values
            kind = _REPORTED_AS.get(mention.kind, "number")
            yield Problem(kind, mention.span, f"{mention.span!r} does not appear in the sources")
        for name in found.names:
            if name.span.casefold() in reported:
                continue
            reported.add(name.span.casefold())
            yield Problem("name", name.span, f"the sources do not name {name.span!r}")
        for quote in found.quotes:
            yield Problem("quote", quote, "quoted words do not appear in the sources")
