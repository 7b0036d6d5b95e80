"""What the guard reports: typed problem kinds, one problem, and a verdict over all of them.

Why a ``Literal`` and not free strings: the kinds are stored with every article version,
counted by the benchmarks and matched by the review page. A misspelt kind would pass
silently as a string; as a ``Literal`` mypy catches it where it is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypedDict

from newsdesk.editorial.guard.provenance.records import SentenceProvenance

__all__ = [
    "FACT_KINDS", "GuardKind", "Problem", "ProblemKind", "ProblemRecord", "RewriteKind", "Verdict",
]

# The kinds the guard's rules report (one rule family each; see rules.py).
GuardKind = Literal[
    "empty",  # the headline, the body or the whole text says nothing
    "leak",  # prompt or reasoning text that must never reach readers
    "attribution",  # a [Source: …] marker missing, misplaced or naming no given source
    "number",  # a number or amount the sources do not hold
    "date",  # a date the sources do not hold
    "time",  # a time of day the sources do not hold
    "name",  # a name the sources do not hold
    "quote",  # quoted words the sources do not hold verbatim
    "padding",  # longer than the sources allow, or a sentence with no fact from them
    "dropped_name",  # a name the sources centre on, left out
    "unsupported",  # the classifier's least supported sentence
    "weekday",  # a weekday the sources do not give
    "negation",  # a word the evidence denies stated plainly, or the reverse
    "roles",  # who did what to whom reversed
    "certainty",  # a plan, a possibility or a future request stated as done
    "cause",  # a cause or consequence the evidence does not state
    "attachment",  # a percentage or amount said of something the sources give another for
]
# The kinds the rewrite check adds beside the guard's (editorial/rewrite/checks.py).
RewriteKind = Literal[
    "headline",  # a house-style flag on the headline (clickbait, a leaked label)
    "incomplete",  # the reply was cut short: what was cut may have held facts
    "unparseable",  # no parse could use the reply; its raw text is kept for an editor
]
ProblemKind = Literal[GuardKind, RewriteKind]

# Kinds that say the text states something its source does not; the rest are about form.
FACT_KINDS: frozenset[GuardKind] = frozenset(
    {"number", "date", "time", "name", "quote", "unsupported", "weekday", "negation", "roles",
     "certainty", "cause", "attachment"}
)


class ProblemRecord(TypedDict):
    """A problem as stored with an article version (the ``guard_problems`` JSON) and shown
    on the review page: exactly these three keys, so stored rows keep their shape."""

    kind: ProblemKind
    span: str
    message: str


@dataclass(frozen=True)
class Problem:
    kind: ProblemKind
    span: str  # the offending text as it appears in the generated text ("" if it is absent)
    message: str

    def record(self) -> ProblemRecord:
        return {"kind": self.kind, "span": self.span, "message": self.message}


@dataclass(frozen=True)
class Verdict:
    problems: tuple[Problem, ...]
    score: float | None = None  # the text model's probability of unsupported content
    # Where each sentence comes from and how well its evidence holds it (provenance/).
    sentences: tuple[SentenceProvenance, ...] = ()

    @property
    def passed(self) -> bool:
        return not self.problems

    @property
    def consistent(self) -> bool:
        """No problem says the text states something unsupported (leaks may remain)."""
        return not any(p.kind in FACT_KINDS for p in self.problems)

    def kinds(self) -> set[ProblemKind]:
        return {p.kind for p in self.problems}

    def sentences_json(self) -> list[dict[str, object]]:
        """The provenance of every sentence, as `newsdesk guard --jsonl` and the API give it."""
        return [s.as_json() for s in self.sentences]
