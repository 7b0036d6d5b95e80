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

    @property
    def passed(self) -> bool:
        return not self.problems

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


def check_rewrite(headline: str, paragraphs: Sequence[str], source_title: str,
                  source_text: str, labels: Collection[str]) -> Checked:
    """House-style the headline, then guard headline and body against the source."""
    style = house_headline(headline, source_text)
    kept = [p for p in paragraphs if p.strip()]
    verdict = guard.check(style.headline, kept, [source_title, source_text], labels)
    problems = [{"kind": p.kind, "span": p.span, "message": p.message} for p in verdict.problems]
    problems += [{"kind": "headline", "span": headline, "message": f"headline style: {flag}"}
                 for flag in style.flags]
    return Checked(style.headline[:300], tuple(kept), tuple(problems))
