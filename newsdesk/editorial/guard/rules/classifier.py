"""The trained classifier's judgement: unsupported clauses that no single rule sees.

Asked only when the draft says so (``judge``): an editor's edit is held to the rules
alone. It reads the whole generated text and names its least supported sentence.
"""

from __future__ import annotations

from collections.abc import Iterator

from newsdesk.editorial.guard.draft import Draft
from newsdesk.editorial.guard.model import model
from newsdesk.editorial.guard.problems import Problem

__all__ = ["judged", "score"]


def score(draft: Draft) -> float:
    """The classifier's probability that the draft holds unsupported content."""
    return model().probability(draft.whole_analysis.features)


def judged(draft: Draft) -> Iterator[Problem]:
    if not draft.judge:
        return
    probability = score(draft)
    if probability < model().threshold:
        return
    worst = draft.whole_analysis.worst_sentence
    span = worst.text if worst is not None else draft.whole
    words = ", ".join(worst.novel[:6]) if worst is not None and worst.novel else "its wording"
    yield Problem("unsupported", span,
                  f"likely unsupported by the sources (p={probability:.2f}); new words: {words}")
