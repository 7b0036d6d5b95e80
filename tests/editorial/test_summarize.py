from __future__ import annotations

import time

import pytest

from newsdesk.editorial.sentences import split_paragraphs
from newsdesk.editorial.summarize import (
    LENGTHS,
    METHOD,
    Summary,
    SummarySentence,
    Weights,
    summarize,
)

TITLE = "Storm cuts power to 40,000 homes across Northfield county"
ARTICLE = """\
A winter storm cut power to about 40,000 homes across Northfield county on Monday, \
the regional utility said.

Heavy snow and ice brought down lines near Ashby and Carrow. Crews from three \
neighbouring counties were sent to help restore power.

The utility said most homes should have power again by Wednesday evening. Some rural \
customers could wait until Friday.

Schools in Ashby closed for the day. The county opened two warming centres.

Forecasters expect more snow on Tuesday night, which could slow repairs.

Local bakery owner Dana Pike said she had lost a day of trade. "We had no ovens and no \
lights," she said."""


def test_returns_summary_in_article_order_with_paragraph_indices() -> None:
    summary = summarize(ARTICLE, title=TITLE, sentences=3)
    assert isinstance(summary, Summary)
    assert len(summary.sentences) == 3
    indices = [s.index for s in summary.sentences]
    assert indices == sorted(indices)
    paragraphs = split_paragraphs(ARTICLE)
    for s in summary.sentences:
        assert s.text in " ".join(paragraphs[s.paragraph].split())
    assert summary.sentences[0] == SummarySentence(
        "A winter storm cut power to about 40,000 homes across Northfield county on Monday, "
        "the regional utility said.",
        0,
        0,
    )
    assert summary.text == " ".join(s.text for s in summary.sentences)
    assert summary.method == METHOD == "extractive-v1"
    assert summary.note == ""


@pytest.mark.parametrize(("name", "count"), sorted(LENGTHS.items()))
def test_named_lengths(name: str, count: int) -> None:
    assert LENGTHS == {"short": 1, "standard": 3, "long": 5}
    assert len(summarize(ARTICLE, title=TITLE, sentences=count).sentences) == count


def test_short_summary_is_the_lead() -> None:
    summary = summarize(ARTICLE, title=TITLE, sentences=LENGTHS["short"])
    assert summary.sentences[0].index == 0


def test_later_sentence_can_outrank_filler() -> None:
    summary = summarize(ARTICLE, title=TITLE, sentences=3)
    assert all("warming centres" not in s.text for s in summary.sentences[:1])
    assert any("restore power" in s.text or "power again" in s.text for s in summary.sentences)


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t"])
def test_empty_text_is_an_error(text: str) -> None:
    with pytest.raises(ValueError, match="cannot summarize empty text"):
        summarize(text)


def test_zero_sentences_is_an_error() -> None:
    with pytest.raises(ValueError):
        summarize(ARTICLE, sentences=0)


def test_one_sentence_article() -> None:
    summary = summarize("The bridge reopened on Sunday after repairs.", sentences=3)
    assert [s.text for s in summary.sentences] == ["The bridge reopened on Sunday after repairs."]


def test_fewer_sentences_than_asked_returns_all_in_order() -> None:
    text = "Rail strike called off.\n\nTrains run normally on Thursday."
    summary = summarize(text, sentences=5)
    assert [(s.text, s.paragraph, s.index) for s in summary.sentences] == [
        ("Rail strike called off.", 0, 0),
        ("Trains run normally on Thursday.", 1, 1),
    ]


def test_near_duplicates_are_skipped() -> None:
    text = (
        "The city council approved a new budget for road repairs on Monday. "
        "On Monday the city council approved a new budget for road repairs. "
        "The plan adds 12 million pounds for potholes over two years. "
        "Opposition members said the money came too late for winter."
    )
    texts = [s.text for s in summarize(text, sentences=3).sentences]
    assert texts[0].startswith("The city council approved")
    assert not any(t.startswith("On Monday the city council") for t in texts)


def test_repeated_headline_line_is_not_used() -> None:
    text = "Storm cuts power\n\nA storm cut power to 900 homes. Crews are working to fix it."
    summary = summarize(text, title="Storm cuts power", sentences=1)
    assert summary.sentences[0].text == "A storm cut power to 900 homes."


def test_non_english_text_gets_a_note_and_does_not_crash() -> None:
    german = (
        "Ein Wintersturm hat am Montag in weiten Teilen des Landkreises den Strom "
        "unterbrochen. Rund vierzigtausend Haushalte waren betroffen. Techniker arbeiten "
        "seitdem rund um die Uhr an den Leitungen."
    )
    summary = summarize(german, sentences=2)
    assert len(summary.sentences) == 2
    assert "English" in summary.note
    chinese = summarize("\u66b4\u98ce\u96ea\u5bfc\u81f4\u505c\u7535\u3002" * 10)
    assert chinese.sentences
    assert "English" in chinese.note


def test_weights_are_tunable_in_one_place() -> None:
    lead_only = Weights(title=0, lead=0, centrality=0, density=0, length=0)
    summary = summarize(ARTICLE, title=TITLE, sentences=2, weights=lead_only)
    assert [s.index for s in summary.sentences] == [0, 1]


def test_fast_enough() -> None:
    article = "\n\n".join([ARTICLE] * 6)  # about 700 words
    summarize(article, title=TITLE)
    runs = 50
    start = time.perf_counter()
    for _ in range(runs):
        summarize(article, title=TITLE)
    per_article = (time.perf_counter() - start) / runs
    assert per_article < 0.02  # generous: shared CI machines; the tuning issue targets 1 ms
