"""Sentence-level provenance: every generated sentence aligned to the source sentences that
hold it, and judged against them.

The guard reads it through ``Draft.trace`` (rules/sentences.py, rules/classifier.py) and
returns it as ``Verdict.sentences``; ``records`` holds the JSON-ready shapes
(``SentenceProvenance``, ``Evidence``, ``Finding``). docs/guard.md explains how to read them.
"""

from newsdesk.editorial.guard.provenance.records import (
    VERDICTS,
    Evidence,
    Finding,
    SentenceProvenance,
)
from newsdesk.editorial.guard.provenance.sources import SourceText

__all__ = ["VERDICTS", "Evidence", "Finding", "SentenceProvenance", "SourceText"]
