"""Sentence-level provenance and the guard that judges each sentence against its evidence.

`judge_text` / `judge_rewrite` are the entry points; `records` holds the JSON-ready shapes
(`SentenceProvenance`, `Evidence`, `Finding`); docs/guard.md explains how to read them.
"""

from newsdesk.editorial.provenance.judge import FACT_KINDS, Judgement, judge_rewrite, judge_text
from newsdesk.editorial.provenance.records import VERDICTS, Evidence, Finding, SentenceProvenance
from newsdesk.editorial.provenance.sources import SourceText

__all__ = [
    "FACT_KINDS",
    "VERDICTS",
    "Evidence",
    "Finding",
    "Judgement",
    "SentenceProvenance",
    "SourceText",
    "judge_rewrite",
    "judge_text",
]
