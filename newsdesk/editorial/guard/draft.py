"""What one guard check looks at: the generated text in its parts, and its sources.

Why one object: every rule reads the same few things (the parts as written, the
marker-free text that makes claims, the sources reduced to facts, the analysis of each
part). Built once per check and handed to each rule in turn, each of those is computed
at most once, however many rules read it — and a new rule needs no new parameters.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cached_property

from newsdesk.editorial.guard.features import Analysis, SourceFacts, analyse, source_facts
from newsdesk.editorial.guard.leaks import preamble_end
from newsdesk.editorial.guard.provenance.sources import SourceText
from newsdesk.editorial.guard.provenance.text import Trace, summary_parts, trace
from newsdesk.editorial.guard.provenance.text import analyse as trace_analysis
from newsdesk.text.markers import strip_markers

__all__ = ["Draft", "claims_of"]


def claims_of(generated: str) -> str:
    """The part of a generated text that makes claims: no leaked preamble, no markers.
    The classifier is trained on exactly this (scripts/train_guard.py)."""
    return strip_markers(generated[preamble_end(generated) :])


@dataclass(frozen=True)
class Draft:
    """A generated text under check. Use ``rewrite`` or ``text`` to build one."""

    parts: tuple[tuple[str, str], ...]  # (where, text as written), e.g. ("paragraph 2", …)
    claims: tuple[str, ...]  # the marker-free texts that make claims, each analysed alone
    sources: tuple[str, ...]
    headline: str = ""  # a rewrite's headline as written, markers and all
    paragraphs: tuple[str, ...] = ()  # a rewrite's non-blank paragraphs as written
    allowed_labels: frozenset[str] = frozenset()
    judge: bool = False  # ask the classifier too
    preamble: bool = False  # the text opened with chat that was cut off (see claims_of)
    source_labels: tuple[str, ...] = ()  # each source's label, for its evidence
    source_fields: tuple[str, ...] = ()  # which stored text each source is ("text", "title")
    kind: str = "text"  # "rewrite" (a headline, then paragraphs) or "text"

    @classmethod
    def rewrite(cls, headline: str, paragraphs: Sequence[str], sources: Sequence[str],
                allowed_labels: Collection[str], *, judge: bool,
                labels: Sequence[str] = (), fields: Sequence[str] = ()) -> Draft:
        """A headline and paragraphs with ``[Source: …]`` markers; blank paragraphs dropped."""
        kept = tuple(p for p in paragraphs if p.strip())
        return cls(
            parts=(("headline", headline),
                   *((f"paragraph {i + 1}", p) for i, p in enumerate(kept))),
            claims=(strip_markers(headline), *(strip_markers(p) for p in kept)),
            sources=tuple(sources), headline=headline, paragraphs=kept,
            allowed_labels=frozenset(allowed_labels), judge=judge,
            source_labels=tuple(labels), source_fields=tuple(fields), kind="rewrite",
        )

    @classmethod
    def text(cls, generated: str, sources: Sequence[str], *, judge: bool,
             labels: Sequence[str] = ()) -> Draft:
        """Any generated text (a summary, a headline alone), judged as one claim."""
        return cls(parts=(("text", generated),), claims=(claims_of(generated),),
                   sources=tuple(sources), judge=judge, preamble=preamble_end(generated) > 0,
                   source_labels=tuple(labels))

    @property
    def body(self) -> tuple[str, ...]:
        """A rewrite's paragraphs without markers (its claims after the headline)."""
        return self.claims[1:]

    @cached_property
    def facts(self) -> SourceFacts:
        return source_facts(list(self.sources))

    @cached_property
    def analyses(self) -> tuple[Analysis, ...]:
        """Each claim analysed alone against the sources, in order."""
        return tuple(analyse(text, self.facts, preamble=self.preamble) for text in self.claims)

    @cached_property
    def trace(self) -> Trace:
        """Every sentence aligned to its evidence and judged (provenance/): what the
        sentence rules and the text model read."""
        sources = [SourceText(_nth(self.source_labels, i, "source"), text,
                              _nth(self.source_fields, i, "text"))
                   for i, text in enumerate(self.sources)]
        if self.kind == "rewrite":
            parts = [("headline", [self.claims[0]] if self.claims[0] else []),
                     ("body", list(self.body))]
        else:
            parts = summary_parts(self.claims[0])
        return trace(trace_analysis(parts, sources, preamble=self.preamble))

    @cached_property
    def whole(self) -> str:
        """Every claim as one text: what the classifier reads."""
        return "\n\n".join(self.claims)

    @cached_property
    def whole_analysis(self) -> Analysis:
        if len(self.claims) == 1:
            return self.analyses[0]
        return analyse(self.whole, self.facts, preamble=self.preamble)


def _nth(values: tuple[str, ...], i: int, default: str) -> str:
    return values[i] if i < len(values) else default
