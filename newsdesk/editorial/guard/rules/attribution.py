"""Every ``[Source: …]`` marker sits in the body and names a source the article was given.

Why: readers follow a marker to the outlet it names; one that names no given source
attributes words to an outlet that never wrote them.
"""

from __future__ import annotations

from collections.abc import Iterator

from newsdesk.editorial.guard.draft import Draft
from newsdesk.editorial.guard.problems import Problem
from newsdesk.text.markers import SOURCE_MARKER, fold_label


def misattributed(draft: Draft) -> Iterator[Problem]:
    allowed = {fold_label(label) for label in draft.allowed_labels}
    for m in SOURCE_MARKER.finditer(draft.headline):
        yield Problem("attribution", m.group(), "the headline carries a source marker")
    paragraphs = draft.paragraphs
    markers = [m for p in paragraphs for m in SOURCE_MARKER.finditer(p)]
    if paragraphs and not markers:
        # Located at the opening paragraph, so the review page can mark where it starts.
        yield Problem("attribution", paragraphs[0], "the body attributes nothing to a source")
    for m in markers:
        if fold_label(m.group(1)) not in allowed:
            yield Problem("attribution", m.group(), f"unknown source label {m.group(1).strip()!r}")
