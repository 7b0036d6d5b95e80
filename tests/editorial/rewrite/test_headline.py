"""House style for headlines: what is fixed, what is flagged, and what is left alone."""

from __future__ import annotations

import pytest

from newsdesk.editorial.rewrite.headline import house_headline, proper_words

SOURCE = ("Freezing rain knocked out power to about 48,000 customers on Tuesday, "
          "Valley Electric said. Schools in Marion County will stay closed. NASA agreed.")


@pytest.mark.parametrize(("given", "expected"), [
    ("Freezing Rain Knocks Out Power To 48,000 Valley Electric Customers",
     "Freezing rain knocks out power to 48,000 Valley Electric customers"),
    ("FREEZING RAIN CLOSES MARION COUNTY SCHOOLS", "Freezing rain closes Marion County schools"),
    ("Headline: Power cut in Marion County", "Power cut in Marion County"),
    ('"Power cut in Marion County."', "Power cut in Marion County"),
    ("NASA Backs Valley Electric Repair Plan", "NASA backs Valley Electric repair plan"),
    ("power returns in Marion County", "Power returns in Marion County"),
])
def test_fixes_into_sentence_case(given: str, expected: str) -> None:
    result = house_headline(given, SOURCE)
    assert result.headline == expected
    assert result.ok


def test_sentence_case_headline_is_left_alone() -> None:
    result = house_headline("Valley Electric restores power to 48,000 customers", SOURCE)
    assert result.headline == "Valley Electric restores power to 48,000 customers"
    assert result.fixes == ()


@pytest.mark.parametrize("bait", [
    "You won't believe what Valley Electric did",
    "Shocking outage leaves Marion in the dark",
    "Power is back!",
    "Here's why Marion County schools are closed",
])
def test_clickbait_is_flagged(bait: str) -> None:
    assert "clickbait" in house_headline(bait, SOURCE).flags


@pytest.mark.parametrize("leak", [
    "Rewritten Article for Regional Power Outages and Winter Weather Impacts",
    "Here is the headline about the outage",
    "<think>Power cut</think>",
])
def test_leaked_prompt_text_is_flagged(leak: str) -> None:
    assert "leak" in house_headline(leak, SOURCE).flags


def test_empty_after_cleaning_is_flagged() -> None:
    assert house_headline("Headline: ", SOURCE).flags == ("empty",)


def test_proper_words_skip_sentence_openers() -> None:
    words = proper_words(SOURCE)
    assert {"Valley", "Electric", "Marion", "County", "Tuesday"} <= words
    assert "Freezing" not in words and "Schools" not in words
