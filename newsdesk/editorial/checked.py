"""A rewrite after house style and the guard: one verdict for headline and body.

Pure, so the pipeline, the ``newsdesk rewrite`` command and the benchmark judge a
rewrite the same way.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from newsdesk.editorial import guard
from newsdesk.editorial.headline import house_headline


@dataclass(frozen=True)
class Checked:
    headline: str
    paragraphs: tuple[str, ...]
    problems: tuple[dict[str, str], ...]
    score: float | None = None  # the classifier's p(unsupported), when it was asked

    @property
    def passed(self) -> bool:
        return not self.problems

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


def judge_rewrite(extractive: bool) -> bool:
    """Whether the trained classifier also judges a rewrite.

    Yes for every model-written (abstractive) rewrite: it catches unsupported clauses that
    no single rule sees, which is what a small model invents. No for the extractive
    rewriter, which only re-orders the source's own sentences: the classifier has nothing
    to find there, and measured on the 14 demo sources it adds no catch while any false
    alarm would hold back the very fallback meant to keep the site fed.
    """
    return not extractive


def check_rewrite(headline: str, paragraphs: Sequence[str], source_title: str,
                  source_text: str, labels: Collection[str], *,
                  judge: bool = False) -> Checked:
    """House-style the headline, then guard headline and body against the source
    (with the classifier too when ``judge``; see ``judge_rewrite``)."""
    style = house_headline(headline, source_text)
    kept = [p for p in paragraphs if p.strip()]
    verdict = guard.check(style.headline, kept, [source_title, source_text], labels,
                          judge=judge)
    problems = [{"kind": p.kind, "span": p.span, "message": p.message} for p in verdict.problems]
    problems += [{"kind": "headline", "span": headline, "message": f"headline style: {flag}"}
                 for flag in style.flags]
    return Checked(style.headline[:300], tuple(kept), tuple(problems), verdict.score)


def unusable(raw_text: str, reason: str, source_title: str) -> Checked:
    """A reply no parse could use, even after the repair request, made reviewable: the raw
    text becomes the body an editor reads (it never goes out alone, since it fails), and the
    headline is the source's, marked as a placeholder."""
    paragraphs = tuple(p.strip() for p in raw_text.split("\n\n") if p.strip())
    problem = {"kind": "unparseable", "span": raw_text.strip()[:500],
               "message": f"the model's reply could not be used: {reason}"}
    headline = f"[Unparseable rewrite] {source_title.strip() or 'untitled source'}"
    return Checked(headline[:300], paragraphs, (problem,))
