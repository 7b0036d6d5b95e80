"""Each kind of guard check on its own: normalisation, names, quotes, filler, leaks, model."""

from __future__ import annotations

import pytest

from newsdesk.editorial.guard import check, check_text
from newsdesk.editorial.guard import model as guard_model
from newsdesk.editorial.guard.names import central_names, names
from newsdesk.editorial.guard.numbers import known_values, mentions


def spans(generated: str, source: str, kind: str) -> list[str]:
    verdict = check_text(generated, [source], judge=False)
    return [p.span for p in verdict.problems if p.kind == kind]


@pytest.mark.parametrize(
    ("source", "generated"),
    [
        ("The bill passed by 153 votes.", "It passed by one hundred fifty-three votes."),
        ("It passed by one hundred and fifty-three votes.", "It passed by 153 votes."),
        ("Repairs will cost $1.2bn.", "Repairs will cost 1.2 billion dollars."),
        ("Repairs will cost 1.2 billion dollars.", "Repairs will cost $1.2bn."),
        ("Repairs will cost 1,200 million dollars.", "Repairs will cost $1.2bn."),
        ("Three million people voted.", "3 million people voted."),
        ("Rates rise 3.5% next year.", "Rates rise 3.5 per cent next year."),
        ("Rates rise 3.5 percent next year.", "Rates rise 3.50%."),
        ("The vote is on Dec. 12.", "The vote is on 12 December."),
        ("The vote is on 12 December 2024.", "The vote is on December 12th, 2024."),
        ("The vote is on December 12.", "The vote is on the 12th."),
        ("Polls close at 3 p.m.", "Polls close at 15:00."),
        ("Polls close at 15:30.", "Polls close at 3:30pm."),
        ("The trial is in week 3.", "The trial is in its third week."),
    ],
)
def test_numbers_dates_and_times_match_however_written(source: str, generated: str) -> None:
    verdict = check_text(generated, [source], judge=False)
    assert not verdict.problems, verdict.problems


@pytest.mark.parametrize(
    ("source", "generated", "kind", "span"),
    [
        ("The bill passed by 153 votes.", "It passed by one hundred fifty votes.", "number",
         "one hundred fifty"),
        ("Repairs will cost $1.2bn.", "Repairs will cost $1.3bn.", "number", "1.3bn"),
        ("Rates rise 3.5% next year.", "Rates rise 4.5 per cent.", "number", "4.5"),
        ("The vote is on Dec. 12.", "The vote is on 13 December.", "date", "13 December"),
        ("Polls close at 3 p.m.", "Polls close at 16:00.", "time", "16:00"),
        ("The trial is in its second week.", "The trial is in its third week.", "number",
         "third"),
    ],
)
def test_changed_values_are_located(source: str, generated: str, kind: str, span: str) -> None:
    assert spans(generated, source, kind) == [span]


def test_counting_words_that_state_no_value_are_not_numbers() -> None:
    assert [m.span for m in mentions("One of hundreds of people said so.")] == ["One"]
    assert spans("One of the hundreds of protesters left.", "Protesters left.", "number") == []
    assert "3000000" in known_values("three million")


def test_names_are_capitalised_runs_not_sentence_openers() -> None:
    text = ("Prosecutors said Dzhokhar Tsarnaev met officials of the Bank of England. "
            "The Islamic State denied it. I was there on Monday in May.")
    assert [n.span for n in names(text)] == ["Dzhokhar Tsarnaev", "Bank of England",
                                              "Islamic State"]


def test_invented_name_is_caught_and_inflections_are_not() -> None:
    source = "Officials in Iraq's Anbar province said Islamic State fighters advanced."
    assert spans("The Anbar governor, Sohaib al-Rawi, said Iraq would hold.", source,
                 "name") == ["Sohaib al-Rawi"]
    assert spans("Fighters of the Islamic State advanced in Anbar, Iraq.", source, "name") == []


def test_quotes_must_be_verbatim() -> None:
    source = 'She said: "We will rebuild the bridge by spring."'
    assert spans('She promised "we will rebuild the bridge by spring."', source, "quote") == []
    assert spans('She promised to "rebuild it by summer".', source, "quote") == [
        '"rebuild it by summer"']


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Sure! Here's the summary in 200 words or less: the bill passed.", "Sure!"),
        ("Here is a summary of the article in 192 words: the bill passed.", "Here is"),
        ("<think>The user wants a summary.</think> The bill passed.", "<think>"),
        ("As a language model, I summarised it. The bill passed.", "As a language model"),
        ("Rewrite the following news item. The bill passed.", "Rewrite the following"),
        ("The bill passed. Do not invent facts.", "Do not invent facts"),
        ("HEADLINE: Bill passes", "HEADLINE:"),
        ("Okay, the bill passed.", "Okay,"),
    ],
)
def test_leaks_in_any_text(text: str, span: str) -> None:
    verdict = check_text(text, ["The bill passed."], judge=False)
    assert [p.span for p in verdict.problems if p.kind == "leak"][:1] == [span]
    assert verdict.consistent  # a leak is a fault of form, not an unsupported fact


SOURCE = (
    "Lawmakers in the state assembly passed the water bill by 153 votes to 61 on Thursday. "
    "The bill sets aside 1.2 billion dollars for pipe repairs over five years. "
    "Committee chair Rosa Delgado said Delgado's committee would oversee the work. "
    "Delgado said repairs start in March."
)
GOOD = [
    "The state assembly passed the water bill by 153 votes to 61. [Source: Wire]",
    "Delgado said the bill sets aside 1.2 billion dollars for pipe repairs. [Source: Wire]",
]


def test_filler_sentence_is_padding_even_when_short() -> None:
    filler = ("Observers widely believe this landmark decision signals momentous change "
              "everywhere. [Source: Wire]")
    verdict = check("Assembly passes water bill", [*GOOD, filler], [SOURCE], {"Wire"})
    assert [(p.kind, p.span) for p in verdict.problems] == [
        ("padding", "Observers widely believe this landmark decision signals momentous change "
                    "everywhere.")]


def test_rewrite_that_drops_the_central_name_is_caught() -> None:
    assert central_names([SOURCE]) == ["Delgado"]
    assert check("Assembly passes water bill", GOOD, [SOURCE], {"Wire"}).passed
    without = [GOOD[0], "The bill sets aside 1.2 billion dollars for repairs. [Source: Wire]"]
    verdict = check("Assembly passes water bill", without, [SOURCE], {"Wire"})
    assert verdict.kinds() == {"dropped_name"}
    assert "Delgado" in verdict.problems[0].message


def test_classifier_flags_an_unsupported_clause_and_locates_it() -> None:
    added = ("It is widely expected that the governor will veto the measure next week, "
             "leaving thousands of families uncertain about their future.")
    verdict = check_text(GOOD[1].replace(" [Source: Wire]", "") + " " + added, [SOURCE])
    assert verdict.score is not None and verdict.score >= guard_model.model().threshold
    unsupported = [p for p in verdict.problems if p.kind == "unsupported"]
    assert [p.span for p in unsupported] == [added]
    assert not verdict.consistent
    faithful = check_text("The assembly passed the water bill by 153 votes to 61.", [SOURCE])
    assert faithful.consistent and faithful.score is not None
    assert faithful.score < verdict.score


def test_empty_text_is_a_problem_not_a_pass() -> None:
    verdict = check_text(" [Source: Wire] ", [SOURCE])
    assert verdict.kinds() == {"empty"} and not verdict.passed and verdict.consistent


def test_judge_is_opt_in_for_rewrites() -> None:
    assert check("Assembly passes water bill", GOOD, [SOURCE], {"Wire"}).score is None
    judged = check("Assembly passes water bill", GOOD, [SOURCE], {"Wire"}, judge=True)
    assert judged.score is not None and judged.passed
    # A weekday no source gives is a finding; the judge also rejects the embellished sentence.
    embellished = check("Road reopens", ["The A40 reopened on Sunday after a crash closed it "
                                         "overnight, police said. [Source: Police]"],
                        ["The A40 has reopened after a crash."], {"Police"}, judge=True)
    assert [(p.kind, p.span) for p in embellished.problems] == [
        ("weekday", "Sunday"),
        ("unsupported", "The A40 reopened on Sunday after a crash closed it overnight, "
                        "police said.")]
