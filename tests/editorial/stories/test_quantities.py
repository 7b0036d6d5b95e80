"""Figures as typed quantities: the same figure in other words agrees, another does not."""

from __future__ import annotations

import pytest

from newsdesk.editorial.stories.extract import number_mentions, stem
from newsdesk.editorial.stories.quantities import Quantity, quantities


def one(text: str) -> Quantity:
    found = quantities(text)
    assert len(found) == 1, [(q.kind, q.subject, q.span) for q in found]
    return found[0]


@pytest.mark.parametrize(("left", "right"), [
    ("A dozen people died in the crash.", "Twelve people died in the crash."),
    ("About 40,000 people watched the parade.", "Police said 39,800 people watched it."),
    ("More than 200 people were injured.", "Doctors said 212 people were injured."),
    ("Nearly 300 homes were left without power.", "Power was cut to 291 homes."),
    ("He was jailed for three years and four months.", "He was jailed for 40 months."),
    ("The council fined the firm £1.2m.", "The firm was fined 1.2 million pounds."),
    ("The takeover values the group at about £640m.", "The offer values it at £638.5m."),
    ("Between 12 and 15 people died.", "Officials said 14 people died."),
    ("Gusts of 60 to 70mph are forecast.", "Gusts of 65mph are forecast."),
    ("The quake struck at 4.20am.", "The quake struck at 04:20."),
])
def test_the_same_figure_in_other_words_agrees(left: str, right: str) -> None:
    a, b = one(left), one(right)
    assert a.key == b.key
    assert a.agrees(b) and b.agrees(a)


@pytest.mark.parametrize(("left", "right"), [
    ("Twelve people died in the crash.", "The crash killed 15 people."),
    ("More than 200 people were injured.", "The fire injured 140 people."),
    ("He was jailed for 18 months.", "He was jailed for two years."),
    ("Pellow agreed to buy Marlin for £640m.", "Pellow agreed a £610 million takeover."),
    ("Up to 120mm of rain is expected.", "As much as 150mm of rain could fall."),
    ("The bridge will close on 2 June.", "The bridge will shut on 9 June."),
    ("The magnitude 6.4 quake hit at dawn.", "The magnitude 6.3 quake hit at dawn."),
])
def test_another_value_for_the_same_quantity_disagrees(left: str, right: str) -> None:
    a, b = one(left), one(right)
    assert a.key == b.key
    assert not a.agrees(b) and not b.agrees(a)


def test_kinds_and_subjects_keep_different_quantities_apart() -> None:
    killed, injured = quantities("Three people died and 15 were injured in the fire.")
    assert (killed.kind, injured.kind) == ("deaths", "injuries")
    profit, sales = quantities("Profit rose to £184m as sales climbed to £2.1bn.")
    assert (profit.kind, profit.subject) == ("money", "profit")
    assert (sales.kind, sales.subject) == ("money", "revenue")
    injured, homes = quantities("Five firefighters were injured and two homes were destroyed.")
    assert injured.kind == "injuries"
    assert homes.key == ("count", "hom/destroy")  # homes are not injured


def test_votes_each_side_and_a_margin() -> None:
    yes, no = quantities("Councillors voted 9-3 to approve the budget.")
    assert (yes.key, yes.low, no.key, no.low) == (("votes", "for"), 9, ("votes", "against"), 3)
    yes, no = quantities("Members backed it by nine votes to two.")
    assert (yes.low, no.low) == (9, 2)
    assert one("Seven of the nine members voted for the cut.").key == ("votes", "for")
    assert one("She held the seat by just 45 votes.").key == ("votes", "margin")


def test_ages_are_tied_to_whom_they_describe() -> None:
    assert one("Linda Hale, 52, of Brayford, was jailed.").key == ("age", "hale")
    assert one("A 29-year-old man was arrested.").key == ("age", "man")
    rider = one("The motorcyclist, who was 54, died at the scene.")
    assert rider.key == one("A 45-year-old motorcyclist died.").key == ("age", stem("motorcyclist"))
    assert not rider.agrees(one("A 45-year-old motorcyclist died."))


def test_a_total_is_not_what_happened_to_a_share_of_it() -> None:
    stated = quantities("Half of the village's 600 homes were damaged.")
    assert all(q.low != 600 for q in stated)
    assert one("Some 300 homes in the village were damaged.").key == ("count", "hom/damage")


def test_offsets_index_the_sentence_and_the_text() -> None:
    text = "The fire was put out by noon. Officials said 12 people were hurt."
    q = one(text)
    assert q.sentence.text[q.start:q.end] == q.span == "12"
    assert text[q.sentence.start + q.start:q.sentence.start + q.end] == "12"


def test_figures_whose_subject_cannot_be_told_are_left_out() -> None:
    assert quantities("It was 12km north of the town.") == []
    assert quantities("The numbers were 4 and 9.") == []
    assert quantities("") == []


def test_dotted_clock_times_are_read_as_times() -> None:
    found = list(number_mentions("Crews arrived at 2.40am and left at 11.15pm, 3.5 hours on."))
    assert [(m.kind, sorted(m.values)) for m in found[:2]] == [
        ("time", ["time:02:40"]), ("time", ["time:23:15"])]
    assert found[2].kind == "number" and "3.5" in found[2].values
