from __future__ import annotations

import random

import pytest

from newsdesk.text import sentences
from newsdesk.text.sentences import Sentence, segment, split_paragraphs, split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The U.S. Senate approved the bill on Friday. It now goes to the House.",
            ["The U.S. Senate approved the bill on Friday.", "It now goes to the House."],
        ),
        (
            "Talks between the U.K. and the E.U. resumed. Both sides were hopeful.",
            ["Talks between the U.K. and the E.U. resumed.", "Both sides were hopeful."],
        ),
        (
            "Dr. Amara Osei met Mr. Hale, Mrs. Kim and Ms. Ruiz. Prof. Lund chaired.",
            ["Dr. Amara Osei met Mr. Hale, Mrs. Kim and Ms. Ruiz.", "Prof. Lund chaired."],
        ),
        (
            "The parade passed St. Mary's Church. Crowds cheered.",
            ["The parade passed St. Mary's Church.", "Crowds cheered."],
        ),
        (
            "Ministers met at No. 10 on Monday. He said no. Nobody argued.",
            ["Ministers met at No. 10 on Monday.", "He said no.", "Nobody argued."],
        ),
        (
            "The hearing is set for Jan. 14 in Leeds. A ruling is due by Dec. 2.",
            ["The hearing is set for Jan. 14 in Leeds.", "A ruling is due by Dec. 2."],
        ),
        (
            "The polls open at 7 a.m. local time. They close at 10 p.m. Counting starts later.",
            [
                "The polls open at 7 a.m. local time.",
                "They close at 10 p.m.",
                "Counting starts later.",
            ],
        ),
        (
            "A new novel by J. K. Rowling is due. Fans queued overnight.",
            ["A new novel by J. K. Rowling is due.", "Fans queued overnight."],
        ),
        (
            "Inflation eased to 3.5 percent in May. Rates were left at 4.25%.",
            ["Inflation eased to 3.5 percent in May.", "Rates were left at 4.25%."],
        ),
        (
            "The mayor paused... and then resumed. The plan was approved.",
            ["The mayor paused... and then resumed.", "The plan was approved."],
        ),
        (
            'The minister said "no." Then she left the room.',
            ['The minister said "no."', "Then she left the room."],
        ),
        (
            "The minister said \u201cno.\u201d Then she left.",
            ["The minister said \u201cno.\u201d", "Then she left."],
        ),
        (
            "Will the dam hold? Engineers think so! Repairs start today.",
            ["Will the dam hold?", "Engineers think so!", "Repairs start today."],
        ),
        (
            '"Is it safe?" asked one resident. Officials said yes.',
            ['"Is it safe?" asked one resident.', "Officials said yes."],
        ),
        (
            "The levy passed. (It was the third attempt.) Residents will pay more.",
            ["The levy passed.", "(It was the third attempt.)", "Residents will pay more."],
        ),
        (
            "The levy (first proposed in 2019. It failed twice.) finally passed. Good.",
            ["The levy (first proposed in 2019. It failed twice.) finally passed.", "Good."],
        ),
        (
            "Shares of Orbis Inc. rose 4%. Trading was heavy.",
            ["Shares of Orbis Inc. rose 4%.", "Trading was heavy."],
        ),
    ],
)
def test_hard_cases(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_list_items_are_separate_sentences() -> None:
    text = (
        "The council agreed three measures:\n"
        "- Bus fares freeze.\n"
        "* Library hours extend\n"
        "\u2022 Parks stay open late\n"
        "1. A new cycle lane. It opens in June.\n"
        "2) More street lights"
    )
    assert split_sentences(text) == [
        "The council agreed three measures:",
        "- Bus fares freeze.",
        "* Library hours extend",
        "\u2022 Parks stay open late",
        "1. A new cycle lane.",
        "It opens in June.",
        "2) More street lights",
    ]


def test_paragraphs_are_blank_line_separated() -> None:
    text = "First para, line one\nline two.\n\nSecond para.\n   \n\nThird para.\n"
    assert split_paragraphs(text) == [
        "First para, line one\nline two.",
        "Second para.",
        "Third para.",
    ]
    assert split_paragraphs("  \n\n ") == []


def test_segment_records_paragraph_index_and_offsets() -> None:
    text = "Storm hits coast.\n\nPower is out. Crews are working."
    got = segment(text)
    assert [(s.text, s.paragraph, s.index) for s in got] == [
        ("Storm hits coast.", 0, 0),
        ("Power is out.", 1, 1),
        ("Crews are working.", 1, 2),
    ]
    assert all(text[s.start : s.end] == s.text for s in got)
    assert isinstance(got[0], Sentence)


SAMPLES = [
    "Flooding closed the A6 near Kendal on Tuesday.  Police urged drivers\nto avoid the area.",
    'He said "we will rebuild." The U.S. Army sent 120 troops (about 3.5 units). Ok!',
    "- one\n- two. three\n\n\n4. Four...  Five? Six!\n\u201cSeven.\u201d (Eight.)",
    "Mr. A. B. Cole, No. 7, Jan. 3, 10 a.m. in the U.K. The end",
    "   ",
    "",
    "Nur ein Satz ohne Punkt",
    "\u5927\u96e8\u3002\u4ea4\u901a\u4e2d\u65ad\u3002",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_never_loses_or_reorders_content(text: str) -> None:
    assert " ".join(split_sentences(text)) == " ".join(text.split())


def test_whitespace_inside_a_sentence_is_folded() -> None:
    assert split_sentences("Crews worked\n  through  the night.") == [
        "Crews worked through the night."
    ]


def test_word_before_a_full_stop_is_read_whole_however_long() -> None:
    # The segmenter reads the word before "." through a short window; a longer word must
    # still be judged whole ("abA.A.…B" is no initialism, "A.A.…B" is one).
    assert len(split_sentences("It was ab" + "A." * 30 + "B. Senate leaders met.")) == 2
    assert len(split_sentences("It was " + "A." * 30 + "B. Senate leaders met.")) == 1


def test_fast_candidate_search_finds_what_the_one_pattern_finds() -> None:
    # `_candidates` splits the search for sentence-ending marks in two for speed; on runs
    # of mixed marks, quotes and brackets it must find exactly the matches one scan finds.
    rng = random.Random(7)
    pieces = ["a", " ", ".", "?", "!", "\u2026", '"', ")", "B", "\n", "\u201d", "3"]
    texts = ["Why? Because! Wait... no?! Yes?. He said \"Go?\" Then. And\u2026 so? ok!"]
    texts += ["".join(rng.choice(pieces) for _ in range(80)) for _ in range(400)]
    for text in texts:
        expected = [(m.span(), m.groups()) for m in sentences._CANDIDATE.finditer(text)]
        assert [(m.span(), m.groups()) for m in sentences._candidates(text, 0)] == expected
    for text, start in [(texts[0], 5), ("No. 1. Yes? No.", 3)]:
        assert [m.span() for m in sentences._candidates(text, start)] == [
            m.span() for m in sentences._CANDIDATE.finditer(text, start)
        ]


def test_a_limit_stops_after_that_many_sentences() -> None:
    text = "One is here. Two is here. Three is here. Four is here."
    assert [s.text for s in segment(text, 2)] == ["One is here.", "Two is here."]
    assert segment(text, 10) == segment(text)
