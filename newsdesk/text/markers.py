"""The one definition of the inline attribution marker, ``[Source: LABEL]``.

The parser, the guard and the page renderer all read the same syntax; the match is
lenient about case and spacing because model output is, and group 1 is the label.
"""

from __future__ import annotations

import re

SOURCE_MARKER = re.compile(r"\[\s*source\s*:\s*([^\]\n]*?)\s*\]", re.IGNORECASE)


def fold_label(label: str) -> str:
    """A label as markers are matched to sources: spacing and case do not count."""
    return " ".join(label.split()).casefold()


def strip_markers(text: str) -> str:
    """The text without its markers, whitespace folded: for summaries and fact checks."""
    return " ".join(SOURCE_MARKER.sub(" ", text).split())
