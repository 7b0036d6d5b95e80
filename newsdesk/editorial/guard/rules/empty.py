"""A rewrite must have a headline and a body that say something once markers are gone."""

from __future__ import annotations

from collections.abc import Iterator

from newsdesk.editorial.guard.draft import Draft
from newsdesk.editorial.guard.problems import Problem


def missing_parts(draft: Draft) -> Iterator[Problem]:
    if not draft.claims[0].strip():
        yield Problem("empty", draft.headline, "the headline is empty")
    if not any(paragraph.strip() for paragraph in draft.body):
        yield Problem("empty", "", "the article has no paragraphs")
