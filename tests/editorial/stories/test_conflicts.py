"""Conflicting figures between the sources of one story, typed and located."""

from __future__ import annotations

from dataclasses import dataclass

from newsdesk.editorial.stories.conflicts import find_conflicts
from newsdesk.llm.base import SourceDocument


@dataclass(frozen=True)
class Source:
    label: str
    text: str


HERALD = Source("Harlow Herald", "Fire swept through the Carrow Mill warehouse on Sunday. "
                                 "Twelve people died, police said, and two were injured.")
WIRE = Source("County Wire", "The Carrow Mill fire killed 15 people on Sunday. "
                             "Two other workers were hurt.")


def test_a_conflict_names_the_quantity_and_each_source_figure_in_place() -> None:
    (conflict,) = find_conflicts([HERALD, WIRE])
    assert (conflict.kind, conflict.subject) == ("deaths", "")
    assert conflict.sources == ("Harlow Herald", "County Wire")
    by_source = {s.source: s for s in conflict.statements}
    for source in (HERALD, WIRE):
        statement = by_source[source.label]
        assert source.text[statement.start:statement.end] == statement.span
        assert source.text[statement.sentence_start:statement.sentence_end] == \
            statement.sentence
        assert statement.span in statement.sentence
    assert by_source["Harlow Herald"].span == "Twelve"
    assert by_source["County Wire"].span == "15"
    assert conflict.describe() == "deaths: Twelve (Harlow Herald) / 15 (County Wire)"


def test_agreeing_paraphrases_and_rounding_are_not_conflicts() -> None:
    pairs = [
        ("A dozen people were treated for smoke.", "Twelve people needed treatment."),
        ("About 40,000 people watched the parade.", "Police said 39,800 people watched."),
        ("More than 200 people were injured.", "The ministry said 212 people were injured."),
        ("Councillors voted 7-2 for the plan.", "Members backed it by seven votes to two."),
        ("Sales climbed to £2.1bn.", "Revenue came in at £2.1 billion."),
    ]
    for left, right in pairs:
        assert find_conflicts([Source("A", left), Source("B", right)]) == [], (left, right)


def test_different_quantities_and_subjects_are_not_compared() -> None:
    pairs = [
        ("Three people died in the fire.", "Sixty firefighters fought it; two were injured."),
        ("Pre-tax profit rose to £184m.", "Sales climbed to £2.1bn."),
        ("120 homes were destroyed.", "About 450 homes were damaged."),
        ("Linda Hale, 52, was jailed.", "Hale had worked there for 14 years."),
    ]
    for left, right in pairs:
        assert find_conflicts([Source("A", left), Source("B", right)]) == [], (left, right)


def test_one_dissenting_source_among_three() -> None:
    third = Source("Valley News", "Police said 12 people were killed in the fire.")
    (conflict,) = find_conflicts([HERALD, WIRE, third])
    assert set(conflict.sources) == {"Harlow Herald", "County Wire", "Valley News"}
    assert find_conflicts([HERALD, third]) == []


def test_a_source_that_states_both_values_does_not_conflict_with_either() -> None:
    update = Source("County Wire", "The toll rose from 12 to 15 people killed.")
    assert find_conflicts([HERALD, update]) == []


def test_sources_with_one_label_are_one_outlet() -> None:
    assert find_conflicts([HERALD, Source("Harlow Herald", WIRE.text)]) == []


def test_reads_the_pipeline_source_documents() -> None:
    docs = [SourceDocument(label=s.label, url="", title="", text=s.text) for s in (HERALD, WIRE)]
    assert [c.kind for c in find_conflicts(docs)] == ["deaths"]


def test_no_sources_or_no_figures() -> None:
    assert find_conflicts([]) == []
    assert find_conflicts([Source("A", ""), Source("B", "No figures here.")]) == []
