"""The guard's judgement with provenance: the rules of `guard` and every sentence traced.

Why a module beside `guard` rather than inside it: the redesign moves the guard into
`editorial/guard/` (one module per rule family); until then this is the one entry point that
judges a text sentence by sentence and says, in `passed`, whether it may be published. It
keeps the rules `guard.check` applies to a rewrite's form (leaks, attribution, padding, dropped
names, emptiness) and replaces the whole-text fact checks with the per-sentence ones.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

from newsdesk.editorial import guard
from newsdesk.editorial.attribution import strip_markers
from newsdesk.editorial.guard import Problem
from newsdesk.editorial.guard_leaks import leaks, preamble_end
from newsdesk.editorial.provenance.model import models
from newsdesk.editorial.provenance.records import SentenceProvenance
from newsdesk.editorial.provenance.sources import SourceText
from newsdesk.editorial.provenance.text import Trace, analyse, summary_parts, trace

__all__ = ["FACT_KINDS", "Judgement", "judge_rewrite", "judge_text"]

# Kinds that say the text states something its sources do not (the rest are about form).
FACT_KINDS = guard.FACT_KINDS | {"weekday", "negation", "roles", "certainty", "cause",
                                 "attachment"}
# What `guard.check` reports about a rewrite's form; its fact checks are replaced here.
_FORM_KINDS = frozenset({"leak", "attribution", "padding", "dropped_name", "empty"})


@dataclass(frozen=True)
class Judgement:
    problems: tuple[Problem, ...]
    sentences: tuple[SentenceProvenance, ...]
    score: float | None  # the text model's probability of unsupported content

    @property
    def passed(self) -> bool:
        """Nothing stops publication: no fact problem, no leak, no problem of form."""
        return not self.problems

    @property
    def consistent(self) -> bool:
        """No problem says the text states something unsupported (leaks may remain)."""
        return not any(p.kind in FACT_KINDS for p in self.problems)

    def kinds(self) -> set[str]:
        return {p.kind for p in self.problems}

    def sentences_json(self) -> list[dict[str, object]]:
        return [s.as_json() for s in self.sentences]


def judge_text(generated: str, sources: Sequence[SourceText], *,
               judge: bool = True) -> Judgement:
    """Judge any generated text (a summary, a headline alone) sentence by sentence.

    `judge=False` leaves out the text model's verdict (the per-sentence findings remain)."""
    claims = guard.claims_of(generated)
    if not claims.strip():
        return Judgement((Problem("empty", "", "the generated text is empty"),), (), None)
    problems = [Problem("leak", leak.span, f"prompt leakage in the text: {leak.span!r}")
                for leak in leaks(generated)]
    traced = trace(analyse(summary_parts(claims), sources,
                           preamble=preamble_end(generated) > 0))
    problems += _from_trace(traced, judge)
    return Judgement(tuple(problems), traced.sentences, traced.probability if judge else None)


def judge_rewrite(headline: str, paragraphs: Sequence[str], sources: Sequence[SourceText],
                  allowed_labels: Collection[str], *, judge: bool = True) -> Judgement:
    """Judge a rewrite (headline + paragraphs with `[Source: …]` markers): the rules of form
    from `guard.check`, and every sentence of headline and body against its evidence."""
    kept = [p for p in paragraphs if p.strip()]
    form = guard.check(headline, kept, [s.text for s in sources], allowed_labels, judge=False)
    problems = [p for p in form.problems if p.kind in _FORM_KINDS]
    parts = [("headline", [strip_markers(headline)]),
             ("body", [strip_markers(p) for p in kept])]
    traced = trace(analyse([(name, [p for p in ps if p]) for name, ps in parts], sources))
    problems += _from_trace(traced, judge)
    return Judgement(tuple(problems), traced.sentences, traced.probability if judge else None)


def _from_trace(traced: Trace, judge: bool) -> Iterator[Problem]:
    seen: set[tuple[str, str]] = set()
    for sentence in traced.sentences:
        for finding in sentence.findings:
            span = finding.span if finding.span and finding.span in sentence.sentence \
                else sentence.sentence
            if (finding.kind, span.casefold()) in seen:
                continue
            seen.add((finding.kind, span.casefold()))
            yield Problem(finding.kind, span, finding.message)
    if judge and traced.probability >= models().threshold:
        worst = min(traced.sentences, key=lambda s: s.score, default=None)
        span = worst.sentence if worst is not None else ""
        yield Problem("unsupported", span,
                      f"likely unsupported by the sources (p={traced.probability:.2f}); "
                      "the least supported sentence is shown")
