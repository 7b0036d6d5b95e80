"""An article may state a conflicting figure only with the outlet that reported it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from newsdesk.editorial.stories.conflicts import Conflict, find_conflicts
from newsdesk.editorial.stories.unattributed import unattributed_figures


@dataclass(frozen=True)
class Source:
    label: str
    text: str


@pytest.fixture(scope="module")
def conflicts() -> list[Conflict]:
    found = find_conflicts([
        Source("Harlow Herald", "Twelve people died in the fire, police said."),
        Source("County Wire", "The fire killed 15 people."),
    ])
    assert [c.kind for c in found] == ["deaths"]
    return found


@pytest.mark.parametrize("article", [
    "12 people died, according to the Harlow Herald; County Wire reported 15 deaths.",
    "The County Wire said 15 people were killed, while the Harlow Herald put the toll at 12.",
    "Between 12 and 15 people died, reports said.",
    "At least a dozen people died in the fire.",
    "Firefighters worked through the night. Two people were injured.",
])
def test_attributed_or_uncontested_figures_pass(article: str,
                                                conflicts: list[Conflict]) -> None:
    assert unattributed_figures(article, conflicts) == []


def test_a_figure_without_its_outlet_is_found_in_place(conflicts: list[Conflict]) -> None:
    article = "Smoke rose over Dunley. 12 people died in the fire. [Source: Harlow Herald]"
    (found,) = unattributed_figures(article, conflicts)
    assert article[found.start:found.end] == found.span == "12"
    assert article[found.sentence_start:found.sentence_end] == found.sentence
    assert found.stated_by == ("Harlow Herald",) and found.credited is None
    assert "not attributed" in found.describe()


def test_a_figure_credited_to_the_wrong_outlet_is_found(conflicts: list[Conflict]) -> None:
    (found,) = unattributed_figures("The Harlow Herald said 15 people died.", conflicts)
    assert found.credited == "Harlow Herald" and found.stated_by == ("County Wire",)
    assert "credited to Harlow Herald" in found.describe()


def test_an_outlet_may_be_named_otherwise(conflicts: list[Conflict]) -> None:
    article = "Twelve people died, the Herald reported."
    assert len(unattributed_figures(article, conflicts)) == 1
    assert unattributed_figures(article, conflicts,
                                aliases={"Harlow Herald": ["the Herald"]}) == []


def test_no_conflicts_means_nothing_to_attribute() -> None:
    assert unattributed_figures("12 people died.", []) == []
