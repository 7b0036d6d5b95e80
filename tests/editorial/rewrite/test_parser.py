"""parse_rewrite: tolerant of wrapping, precise about what is wrong."""

from __future__ import annotations

import json

import pytest

from newsdesk.editorial.rewrite.parser import parse_rewrite
from newsdesk.llm.base import BadOutput, SourceDocument
from tests.support.llm import GOOD_HEADLINE, GOOD_PARAGRAPHS, GOOD_REPLY


@pytest.fixture
def sources(wire_source: SourceDocument) -> list[SourceDocument]:
    return [wire_source]


def reply(**fields: object) -> str:
    return json.dumps({"headline": GOOD_HEADLINE, "paragraphs": GOOD_PARAGRAPHS, **fields})


def test_plain_json(sources: list[SourceDocument]) -> None:
    parsed = parse_rewrite(GOOD_REPLY, sources)
    assert parsed.headline == GOOD_HEADLINE
    assert parsed.paragraphs == tuple(GOOD_PARAGRAPHS)
    assert parsed.labels_used == ("Valley Wire",)


@pytest.mark.parametrize(
    "wrapped",
    [
        f"```json\n{GOOD_REPLY}\n```",
        f"```\n{GOOD_REPLY}\n```",
        f"Here is the article:\n\n{GOOD_REPLY}\n\nLet me know if you need changes.",
        f"<think>I should keep every fact {{ carefully.</think>\n{GOOD_REPLY}",
        f"Sure.\n```json\n{GOOD_REPLY}",  # fence never closed
    ],
)
def test_wrapping_is_tolerated(wrapped: str, sources: list[SourceDocument]) -> None:
    assert parse_rewrite(wrapped, sources).headline == GOOD_HEADLINE


def test_whitespace_and_attribution_spelling_are_normalised(
    sources: list[SourceDocument],
) -> None:
    text = json.dumps(
        {
            "headline": "  Headline:  Power   out\n for 48,000 ",
            "paragraphs": [
                "  About 48,000\n\n customers lost power.   [source:  Valley Wire ]",
                " ",
            ],
        }
    )
    parsed = parse_rewrite(text, sources)
    assert parsed.headline == "Power out for 48,000"
    assert parsed.paragraphs == ("About 48,000 customers lost power. [Source: Valley Wire]",)


def test_attribution_in_headline_is_dropped(sources: list[SourceDocument]) -> None:
    parsed = parse_rewrite(reply(headline="Power out [Source: Valley Wire]"), sources)
    assert parsed.headline == "Power out"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("I cannot help with that.", "no JSON object"),
        ('{"headline": "x", "paragraphs": ["a [Source: Valley Wire]"],}', "not valid JSON"),
        ('["a list"]', "no JSON object"),
        (json.dumps({"paragraphs": ["a [Source: Valley Wire]"]}), 'no "headline"'),
        (reply(headline="   "), '"headline" is empty'),
        (reply(headline="[Source: Valley Wire]"), '"headline" is empty'),
        (reply(headline=["x"]), '"headline" must be a string'),
        (json.dumps({"headline": "x"}), 'no "paragraphs"'),
        (reply(paragraphs=[]), '"paragraphs" is empty'),
        (reply(paragraphs=["", "  "]), '"paragraphs" is empty'),
        (reply(paragraphs="one string [Source: Valley Wire]"), "must be a list of strings"),
        (reply(paragraphs=["ok [Source: Valley Wire]", 7]), r'"paragraphs"\[1\] must be a string'),
        ("Only one line of prose, no paragraphs.", "no JSON object"),
        ('Headline\n\n{"paragraphs": ["broken', "no JSON object"),
        (f"{GOOD_REPLY}\n{GOOD_REPLY}", "2 JSON objects"),
    ],
)
def test_rejections_say_why(text: str, reason: str, sources: list[SourceDocument]) -> None:
    with pytest.raises(BadOutput, match=reason):
        parse_rewrite(text, sources)


def test_missing_or_unknown_markers_reach_the_guard(sources: list[SourceDocument]) -> None:
    """Attribution is the guard's to judge (it says where); the parser only reads."""
    bare = parse_rewrite(reply(paragraphs=["No attribution here."]), sources)
    assert bare.paragraphs == ("No attribution here.",) and bare.labels_used == ()
    unknown = parse_rewrite(reply(paragraphs=["x [Source: Reuters]"]), sources)
    assert unknown.paragraphs == ("x [Source: Reuters]",) and unknown.labels_used == ()


def test_label_case_is_spelled_as_the_source(sources: list[SourceDocument]) -> None:
    parsed = parse_rewrite(reply(paragraphs=["x [source: valley  WIRE]"]), sources)
    assert parsed.paragraphs == ("x [Source: Valley Wire]",)
    assert parsed.labels_used == ("Valley Wire",)


def test_plain_text_headline_and_paragraphs(sources: list[SourceDocument]) -> None:
    text = ("## **Headline: Storm cuts power to 48,000**\n\n"
            "About 48,000 customers\nlost power on Monday.\n\n"
            "Crews worked overnight. [Source: Valley Wire]\n")
    parsed = parse_rewrite(text, sources)
    assert parsed.headline == "Storm cuts power to 48,000"
    assert parsed.paragraphs == ("About 48,000 customers lost power on Monday.",
                                 "Crews worked overnight. [Source: Valley Wire]")
    assert parsed.labels_used == ("Valley Wire",)


def test_stray_object_in_chatter_does_not_confuse(sources: list[SourceDocument]) -> None:
    text = f'Settings used: {{"temperature": 0.2}}\n{GOOD_REPLY}'
    assert parse_rewrite(text, sources).headline == GOOD_HEADLINE


def test_multiple_sources_labels_in_order_of_use(
    wire_source: SourceDocument, second_source: SourceDocument
) -> None:
    text = reply(
        paragraphs=[
            "Schools shut. [Source: County Gazette]",
            "Power out. [Source: Valley Wire] Schools shut. [Source: County Gazette]",
        ]
    )
    parsed = parse_rewrite(text, [wire_source, second_source])
    assert parsed.labels_used == ("County Gazette", "Valley Wire")


def test_reply_cut_off_keeps_its_complete_paragraphs(sources: list[SourceDocument]) -> None:
    whole = json.dumps({"headline": "Storm cuts power",
                        "paragraphs": ["About 48,000 lost power.", "Crews worked overnight."]},
                       indent=2)
    cut = whole[: whole.index("overnight")]
    parsed = parse_rewrite(cut, sources)
    assert parsed.headline == "Storm cuts power"
    assert parsed.paragraphs == ("About 48,000 lost power.",)
    assert "cut off" in parsed.incomplete
    assert parse_rewrite(whole, sources).incomplete == ""


@pytest.mark.parametrize("text", [
    '{"headline": "Storm cuts power", "paragraphs": [',  # no complete paragraph
    '{"headline": "Storm cu',  # not even a headline
    '{"headline": "x", "paragraphs": ["a"],} trailing',  # broken mid-way, not cut off
])
def test_cut_off_or_broken_replies_without_an_article_are_refused(
    text: str, sources: list[SourceDocument]
) -> None:
    with pytest.raises(BadOutput):
        parse_rewrite(text, sources)
