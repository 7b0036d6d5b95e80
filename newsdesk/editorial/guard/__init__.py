"""The fact guard: every generated text is checked against its sources before readers see it.

Why: the system newsdesk replaces published a leaked prompt as a headline ("Rewritten Article
for ...") and padded a four-sentence wire item with filler; small models invented a phone call
and dropped a vote tally.

The package's public face is re-exported here (``guard.check``, ``guard.check_text``, the
problem types). Inside: ``check`` (the entry points), ``rules/`` (one module per rule family
and the ``RULES`` tuple), ``draft`` (what a rule reads), ``problems`` (typed kinds and the
verdict), and what the rules measure with: ``numbers``, ``names``, ``leaks``, ``features``
and the classifier's ``model``.
"""

from newsdesk.editorial.guard.check import check, check_text
from newsdesk.editorial.guard.draft import claims_of
from newsdesk.editorial.guard.leaks import LEAK_MARKERS
from newsdesk.editorial.guard.problems import (
    FACT_KINDS,
    GuardKind,
    Problem,
    ProblemKind,
    ProblemRecord,
    Verdict,
)

__all__ = [
    "FACT_KINDS", "LEAK_MARKERS", "GuardKind", "Problem", "ProblemKind", "ProblemRecord",
    "Verdict", "check", "check_text", "claims_of",
]
