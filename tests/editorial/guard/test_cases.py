"""The curated cases (cases/guard_cases.json, written for newsdesk) all hold.

Natural rewrites must pass (nothing at all stops them); each planted error must be reported
as a fact problem, in the sentence that carries it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsdesk.editorial.guard import check_text

CASES = json.loads((Path(__file__).parent / "cases" / "guard_cases.json").read_text("utf-8"))
ALL = [(story, case) for story in CASES["stories"] for case in story["cases"]]


def test_the_set_is_large_and_covers_every_kind() -> None:
    assert len(ALL) >= 60
    kinds = {case["kind"] for _, case in ALL}
    for wanted in ("paraphrase", "passive voice", "spelled-out numbers", "units", "pronouns",
                   "the two", "date in another format", "changed number", "weekday",
                   "changed place", "role swap", "negation", "invented cause",
                   "invented consequence", "invented quote", "invented person",
                   "change on the wrong measure", "demand reported as done"):
        assert wanted in kinds, wanted


@pytest.mark.parametrize(("story", "case"), ALL, ids=[case["id"] for _, case in ALL])
def test_case_holds(story: dict[str, Any], case: dict[str, Any]) -> None:
    judgement = check_text(case["text"], [story["source"]], labels=[story["label"]])
    problems = [(p.kind, p.span) for p in judgement.problems]
    if case["expect"] == "pass":
        assert judgement.passed, problems
        assert all(s.verdict != "unsupported" for s in judgement.sentences), problems
    else:
        assert not judgement.consistent, f"{case['kind']} not caught"
        assert any(s.verdict != "supported" for s in judgement.sentences)
