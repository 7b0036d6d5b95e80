"""Prompt and reasoning text in any part of a generated text (see guard/leaks.py)."""

from __future__ import annotations

from collections.abc import Iterator

from newsdesk.editorial.guard.draft import Draft
from newsdesk.editorial.guard.leaks import leaks
from newsdesk.editorial.guard.problems import Problem


def leaked_prompt(draft: Draft) -> Iterator[Problem]:
    for where, text in draft.parts:
        for leak in leaks(text):
            how = "opens a sentence in" if leak.opens_sentence else "in"
            yield Problem("leak", leak.span, f"prompt leakage {how} the {where}")
