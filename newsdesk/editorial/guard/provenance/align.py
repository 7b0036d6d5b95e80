"""Align a generated sentence to the source sentences that hold what it says.

Why a weighted greedy cover: a rewrite sentence usually rests on one source sentence, and
sometimes joins two or three ("Rosa Delgado, the committee chair, said …" from two). Each
content word weighs by how specific it is in the source (an idf over source sentences), the
best-covering sentence is taken first, then any sentence that covers a real share of what is
left. The share of weight covered is the sentence's support.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newsdesk.editorial.guard.provenance.sources import SourceIndex

__all__ = ["MAX_EVIDENCE", "Alignment", "align"]

MAX_EVIDENCE = 3
MIN_GAIN = 0.12  # a further evidence sentence must cover this share of the weight


@dataclass(frozen=True, slots=True)
class Alignment:
    evidence: tuple[int, ...]  # source sentence indices, the best first
    support: float  # weighted share of the content words the evidence holds
    top: float  # the same for the best sentence alone


def align(index: SourceIndex, content: Sequence[str]) -> Alignment:
    """`content`: the sentence's content stems (repeats are ignored)."""
    words = list(dict.fromkeys(content))
    if not words:
        return Alignment((), 1.0, 1.0)
    weight = {w: index.weight(w) for w in words}
    total = sum(weight.values())
    evidence: list[int] = []
    covered: set[str] = set()
    top: float = 0.0
    for _ in range(MAX_EVIDENCE):
        gains: dict[int, float] = {}
        for w in words:
            if w not in covered:
                for j in index.postings.get(w, ()):
                    gains[j] = gains.get(j, 0.0) + weight[w]
        if not gains:
            break
        first = evidence[0] if evidence else 0
        best, gain = max(gains.items(), key=lambda p: (p[1], -abs(p[0] - first), -p[0]))
        if evidence and gain < MIN_GAIN * total:
            break
        if not evidence:
            top = gain / total
        evidence.append(best)
        covered |= index.sentences[best].content & set(words)
    support = sum(weight[w] for w in covered) / total
    return Alignment(tuple(evidence), support, top)
