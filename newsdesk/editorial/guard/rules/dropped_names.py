"""A rewrite must keep the names its source keeps returning to: dropping one loses the
story's subject (see guard/names.py's ``central_names``)."""

from __future__ import annotations

from collections.abc import Iterator

from newsdesk.editorial.guard.draft import Draft
from newsdesk.editorial.guard.names import central_names
from newsdesk.editorial.guard.problems import Problem
from newsdesk.text.tokens import stem, tokens


def dropped_names(draft: Draft) -> Iterator[Problem]:
    kept = {stem(t.text) for text in draft.claims for t in tokens(text)}
    for name in central_names(draft.sources):
        if stem(name) not in kept:
            yield Problem("dropped_name", "",
                          f"the sources centre on {name!r}, which the rewrite leaves out")
