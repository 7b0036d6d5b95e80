"""What provenance says about one generated sentence, as plain typed records.

Why records of their own: the same structure goes to `newsdesk guard --jsonl`, the review
queue, the API and the reader's page, so it must be JSON-serialisable as it is and carry
offsets that index the stored source text exactly (`evidence.text == text[start:end]`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["VERDICTS", "Evidence", "Finding", "SentenceProvenance"]

# From best to worst; a sentence is "partly" supported when some of what it says is found
# in its evidence and some is not.
VERDICTS = ("supported", "partly", "unsupported")


@dataclass(frozen=True, slots=True)
class Evidence:
    """One source sentence a generated sentence rests on."""

    source: str  # the source's label, as in `[Source: LABEL]`
    text: str  # exactly the source's text[start:end]
    start: int
    end: int
    field: str = "text"  # which text of the source: "text" or "title"

    def as_json(self) -> dict[str, Any]:
        return {"source": self.source, "field": self.field, "text": self.text,
                "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Finding:
    """A located reason the sentence is not (fully) supported by its evidence."""

    kind: str  # number | date | time | weekday | name | quote | negation | roles | certainty
    #            | cause | attachment
    span: str  # the offending words as they appear in the sentence
    message: str

    def as_json(self) -> dict[str, str]:
        return {"kind": self.kind, "span": self.span, "message": self.message}


@dataclass(frozen=True, slots=True)
class SentenceProvenance:
    """A generated sentence, the source sentences it rests on, and how well they hold it."""

    sentence: str
    part: str  # "headline", "body" or "summary"
    paragraph: int  # 0-based paragraph of its part
    verdict: str  # one of VERDICTS
    score: float  # support, 0 (nothing in the sources holds it) to 1 (fully held)
    evidence: tuple[Evidence, ...]
    findings: tuple[Finding, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "sentence": self.sentence,
            "part": self.part,
            "paragraph": self.paragraph,
            "verdict": self.verdict,
            "score": round(self.score, 3),
            "evidence": [e.as_json() for e in self.evidence],
            "findings": [f.as_json() for f in self.findings],
        }
