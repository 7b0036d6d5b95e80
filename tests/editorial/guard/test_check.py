from __future__ import annotations

import pytest

from newsdesk.editorial.guard import Problem, Verdict, check

SOURCE = (
    "Lawmakers in the state assembly passed the water bill by 153 votes to 61 on Thursday. "
    "The bill sets aside 1,200 million dollars for pipe repairs over five years. "
    '"This is the biggest repair programme since 1998," said committee chair Rosa Delgado. '
    "Water rates will rise 3.5% next year."
)
LABELS = {"State News Wire"}
FAITHFUL_HEADLINE = "Assembly passes water bill with 153 votes"
FAITHFUL = [
    "The state assembly approved the water bill on Thursday by 153 votes to 61. "
    "[Source: State News Wire]",
    "It sets aside 1,200 million dollars for pipe repairs over five years, and water rates "
    "will rise 3.5 percent next year. [Source: State News Wire]",
    "Committee chair Rosa Delgado called it \u201cthe biggest repair programme since 1998.\u201d "
    "[Source: State News Wire]",
]


def run(headline: str = FAITHFUL_HEADLINE, paragraphs: list[str] | None = None) -> Verdict:
    return check(headline, FAITHFUL if paragraphs is None else paragraphs, [SOURCE], LABELS)


def test_faithful_rewrite_passes() -> None:
    verdict = run()
    assert verdict.problems == ()
    assert verdict.passed


def test_leaked_prompt_headline_is_caught() -> None:
    verdict = run("Rewritten Article for Regional Power Outages and Winter Weather Impacts")
    assert not verdict.passed
    leaks = [p for p in verdict.problems if p.kind == "leak"]
    assert leaks[0].span == "Rewritten Article"
    assert "headline" in leaks[0].message


@pytest.mark.parametrize(
    ("paragraph", "span"),
    [
        ("Here is the story about the bill.", "Here is"),
        ("<think>The user wants a news article.</think> The bill passed.", "<think>"),
        ("Sure, the assembly passed the bill.", "Sure,"),
        ("Certainly! The assembly passed the bill.", "Certainly"),
        ("As an AI, I cannot verify the vote.", "As an AI"),
        ("Headline: Water bill passes", "Headline:"),
        ("Title: Water bill passes", "Title:"),
        ("The bill passed. In this article we look at the vote.", "In this article"),
        ("Rates rise in [insert year].", "[insert"),
    ],
)
def test_leak_markers(paragraph: str, span: str) -> None:
    verdict = run(paragraphs=[*FAITHFUL, paragraph + " [Source: State News Wire]"])
    assert [p.span for p in verdict.problems if p.kind == "leak"][:1] == [span]


def test_leak_words_in_ordinary_prose_or_quotes_are_fine() -> None:
    source = 'The problem here is cost, she said. "I cannot accept it," the mayor said.'
    verdict = check(
        "Mayor rejects plan",
        [
            "The problem here is cost and the plan will certainly be revisited, the mayor said, "
            'adding "I cannot accept it." [Source: Wire]'
        ],
        [source + " The plan will certainly be revisited."],
        {"Wire"},
    )
    assert verdict.kinds() == set()


def test_invented_number_is_caught() -> None:
    changed = [FAITHFUL[0].replace("153 votes", "135 votes"), *FAITHFUL[1:]]
    verdict = run(paragraphs=changed)
    assert verdict.problems == (Problem("number", "135", "'135' does not appear in the sources"),)


@pytest.mark.parametrize(
    "sentence",
    [
        "The bill sets aside 1200 million dollars.",  # thousands separator dropped
        "The bill sets aside 1.2 billion dollars.",  # rescaled
        "Rates rise 3.50 percent.",  # trailing zero
        "The programme is the biggest since 1998.",  # year
    ],
)
def test_number_normalisation(sentence: str) -> None:
    verdict = run(paragraphs=[*FAITHFUL, sentence + " [Source: State News Wire]"])
    assert "number" not in verdict.kinds()


def test_invented_number_in_headline_is_caught() -> None:
    assert "number" in run("Assembly passes water bill with 135 votes").kinds()


def test_invented_quote_is_caught() -> None:
    invented = 'Delgado said the bill was "a victory for every family." [Source: State News Wire]'
    verdict = run(paragraphs=[*FAITHFUL, invented])
    assert [(p.kind, p.span) for p in verdict.problems] == [
        ("quote", '"a victory for every family."')
    ]


def test_quote_matching_ignores_case_quote_style_whitespace_and_ellipsis() -> None:
    paragraph = (
        'Delgado said: "THIS is the  biggest repair programme \u2026 since 1998." '
        "[Source: State News Wire]"
    )
    assert "quote" not in run(paragraphs=[*FAITHFUL, paragraph]).kinds()


def test_padded_rewrite_is_caught() -> None:
    filler = (
        "This development is significant for residents across the region, and it remains "
        "to be seen how the situation will evolve in the coming weeks and months ahead. "
    )
    padded = [*FAITHFUL, (filler * 4) + "[Source: State News Wire]"]
    verdict = run(paragraphs=padded)
    assert verdict.kinds() == {"padding"}


def test_short_source_gets_an_allowance() -> None:
    verdict = check(
        "Road reopens",
        [
            "The A40 reopened after a crash closed it overnight, police said. "
            "[Source: Police]"
        ],
        ["The A40 has reopened after a crash."],
        {"Police"},
    )
    assert verdict.passed


def test_unknown_source_label_is_caught() -> None:
    paragraphs = [*FAITHFUL[:-1], FAITHFUL[-1].replace("State News Wire", "Daily Planet")]
    verdict = run(paragraphs=paragraphs)
    assert [(p.kind, p.span) for p in verdict.problems] == [
        ("attribution", "[Source: Daily Planet]")
    ]


def test_body_without_attribution_is_caught() -> None:
    bare = [p.replace(" [Source: State News Wire]", "") for p in FAITHFUL]
    verdict = run(paragraphs=bare)
    assert verdict.kinds() == {"attribution"}
    assert [p.span for p in verdict.problems] == [bare[0]]  # located where the body opens


def test_empty_headline_and_body() -> None:
    assert run("  ").kinds() == {"empty"}
    verdict = run(paragraphs=["", "  "])
    assert verdict.kinds() == {"empty"}
    assert not verdict.passed
