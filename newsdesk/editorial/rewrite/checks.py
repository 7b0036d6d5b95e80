"""A rewrite after house style and the guard: one verdict for headline and body.

Pure, so the pipeline, the ``newsdesk rewrite`` command and the benchmark judge a
rewrite the same way.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from newsdesk.editorial import guard
from newsdesk.editorial.guard import ProblemRecord
from newsdesk.editorial.rewrite.headline import house_headline
from newsdesk.llm.base import SourceDocument
from newsdesk.text.sentences import split_paragraphs


@dataclass(frozen=True)
class Checked:
    headline: str
    paragraphs: tuple[str, ...]
    problems: tuple[ProblemRecord, ...]  # stored as is in guard_problems (JSON)
    score: float | None = None  # the classifier's p(unsupported), when it was asked

    @property
    def passed(self) -> bool:
        return not self.problems

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


def check_rewrite(headline: str, paragraphs: Sequence[str], source_title: str,
                  source_text: str, labels: Collection[str], *,
                  judge: bool, incomplete: str = "") -> Checked:
    """House-style the headline, then guard headline and body against the source.

    ``judge`` adds the trained classifier, which catches unsupported clauses no single
    rule sees (what a small model invents); every caller says whether it wants it. It is
    on for every backend's rewrite (the extractive one included) and off for an editor's
    edit. Measured on the 14 demo sources (offline output, and honest
    whole and lead-only rewrites served as LLM replies) and 60 summaries-dev articles
    (offline), it rejected none (highest p .36, under its threshold), so the fallback
    loses nothing by it and every stored verdict carries a score.
    """
    style = house_headline(headline, source_text)
    kept = [p for p in paragraphs if p.strip()]
    verdict = guard.check(style.headline, kept, [source_title, source_text], labels,
                          judge=judge)
    problems = [p.record() for p in verdict.problems]
    problems += [ProblemRecord(kind="headline", span=headline, message=f"headline style: {flag}")
                 for flag in style.flags]
    if incomplete:  # what was cut may have held facts: an editor must look where it ends
        problems.append(ProblemRecord(kind="incomplete", span=kept[-1] if kept else "",
                                      message=incomplete))
    return Checked(style.headline[:300], tuple(kept), tuple(problems), verdict.score)


def check_against(headline: str, paragraphs: Sequence[str],
                  documents: Sequence[SourceDocument], *, judge: bool,
                  labels: Collection[str] | None = None, incomplete: str = "") -> Checked:
    """``check_rewrite`` against every document an article draws on (a story told by
    several outlets): their titles and texts together, their labels the ones allowed
    unless ``labels`` says otherwise."""
    allowed = labels if labels is not None else {d.label for d in documents}
    return check_rewrite(headline, paragraphs, "\n".join(d.title for d in documents),
                         "\n\n".join(d.text for d in documents), allowed, judge=judge,
                         incomplete=incomplete)


def unusable(raw_text: str, reason: str, source_title: str) -> Checked:
    """A reply no parse could use, even after the repair request, made reviewable: the raw
    text becomes the body an editor reads (it never goes out alone, since it fails), and the
    headline is the source's, marked as a placeholder."""
    paragraphs = tuple(split_paragraphs(raw_text))
    problem = ProblemRecord(kind="unparseable", span="\n\n".join(paragraphs)[:500],
                            message=f"the model's reply could not be used: {reason}")
    headline = f"[Unparseable rewrite] {source_title.strip() or 'untitled source'}"
    return Checked(headline[:300], paragraphs, (problem,))
