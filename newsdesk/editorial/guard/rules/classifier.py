"""The text model's judgement: a text whose sentences its evidence holds too little of.

Asked only when the draft says so (``judge``): an editor's edit is held to the rules
alone. The model (provenance/model.py) reads every sentence's probability of holding
something unsupported and the kind of text; the problem names the least supported sentence.
"""

from __future__ import annotations

from collections.abc import Iterator

from newsdesk.editorial.guard.draft import Draft
from newsdesk.editorial.guard.problems import Problem
from newsdesk.editorial.guard.provenance.model import models

__all__ = ["judged", "score"]


def score(draft: Draft) -> float:
    """The text model's probability that the draft holds unsupported content."""
    return draft.trace.probability


def judged(draft: Draft) -> Iterator[Problem]:
    if not draft.judge:
        return
    probability = score(draft)
    if probability < models().threshold:
        return
    worst = min(draft.trace.sentences, key=lambda s: s.score, default=None)
    span = worst.sentence if worst is not None else draft.whole
    yield Problem("unsupported", span,
                  f"likely unsupported by the sources (p={probability:.2f}); the least "
                  "supported sentence is shown")
