"""The guard's rules, one module per family, and the order each entry point runs them in.

A rule is a function from a ``Draft`` to the problems it finds. Adding one is a module
here and a line in ``RULES`` (and in ``TEXT_RULES`` when it applies to any generated
text, not only to a rewrite). Order matters only for the order problems are reported in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from newsdesk.editorial.guard.draft import Draft
from newsdesk.editorial.guard.problems import Problem
from newsdesk.editorial.guard.rules.attribution import misattributed
from newsdesk.editorial.guard.rules.classifier import judged
from newsdesk.editorial.guard.rules.dropped_names import dropped_names
from newsdesk.editorial.guard.rules.empty import missing_parts
from newsdesk.editorial.guard.rules.leaks import leaked_prompt
from newsdesk.editorial.guard.rules.padding import padded
from newsdesk.editorial.guard.rules.sentences import sentence_findings

__all__ = ["RULES", "TEXT_RULES", "Rule", "run"]

Rule = Callable[[Draft], Iterable[Problem]]

# Every rule a rewrite (headline + paragraphs with [Source: …] markers) must pass.
RULES: tuple[Rule, ...] = (
    missing_parts,
    leaked_prompt,
    misattributed,
    sentence_findings,
    padded,
    dropped_names,
    judged,  # only when the draft asks for the classifier
)

# The rules for any generated text (a summary): it has no markers and no length budget.
TEXT_RULES: tuple[Rule, ...] = (
    leaked_prompt,
    sentence_findings,
    judged,
)


def run(rules: Iterable[Rule], draft: Draft) -> tuple[Problem, ...]:
    """Every problem every rule finds, rule by rule in the order given."""
    return tuple(problem for rule in rules for problem in rule(draft))
