"""Each sentence against its evidence: what it states that the sources lack or contradict.

Figures, dates, weekdays, names and quotes no source gives; a negation added or dropped;
who did what to whom reversed; a plan reported as done; an invented cause; a figure said of
the wrong measure (provenance/claims.py and relations.py). Each is reported once, located in
its sentence.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast

from newsdesk.editorial.guard.draft import Draft
from newsdesk.editorial.guard.problems import GuardKind, Problem

__all__ = ["sentence_findings"]


def sentence_findings(draft: Draft) -> Iterator[Problem]:
    seen: set[tuple[str, str]] = set()
    for sentence in draft.trace.sentences:
        for finding in sentence.findings:
            span = finding.span if finding.span and finding.span in sentence.sentence \
                else sentence.sentence
            if (finding.kind, span.casefold()) in seen:
                continue
            seen.add((finding.kind, span.casefold()))
            yield Problem(cast(GuardKind, finding.kind), span, finding.message)
