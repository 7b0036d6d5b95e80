from __future__ import annotations

import json

import pytest

from newsdesk.editorial.summary.analysis import analyse
from newsdesk.editorial.summary.extractive import (
    LENGTHS,
    METHOD,
    WEIGHTS_FILE,
    Model,
    Summary,
    SummarySentence,
    bullets,
    default_model,
    summarize,
)
from newsdesk.editorial.summary.features import feature_names
from newsdesk.text.sentences import split_paragraphs

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
    assert summary.method == METHOD == "extractive-v2"
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
    assert "1 sentence(s); all are shown" in summary.note


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
    repeats = [t for t in texts if "council approved a new budget" in t]
    assert len(repeats) == 1
    assert len(texts) == 3


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


def _model(**weights: float) -> Model:
    names = tuple(feature_names())
    return Model(names, tuple(weights.get(n, 0.0) for n in names))


def test_model_decides_which_sentences() -> None:
    lead = summarize(ARTICLE, title=TITLE, sentences=2, model=_model(**{"position*bias": 1.0}))
    assert [s.index for s in lead.sentences] == [0, 1]
    last = summarize(ARTICLE, title=TITLE, sentences=2,
                     model=_model(**{"relative_position*bias": 1.0}))
    assert [s.index for s in last.sentences] == [8, 9]


def test_shipped_weights_are_small_and_match_the_features() -> None:
    assert WEIGHTS_FILE.stat().st_size < 8_000
    data = json.loads(WEIGHTS_FILE.read_text())
    assert sorted(data["weights"]) == sorted(feature_names())
    assert default_model().features == tuple(feature_names())


def test_weights_for_other_features_are_refused() -> None:
    stale = json.dumps({"weights": {"position*bias": 1.0}})
    with pytest.raises(KeyError):
        Model.from_json(stale)
    with pytest.raises(ValueError, match="retrain"):
        Model(("position*bias",), (1.0,)).check()


def test_bullets_one_line_per_sentence_in_article_order() -> None:
    summary = summarize(ARTICLE, title=TITLE, sentences=3)
    lines = bullets(summary).splitlines()
    assert lines == ["\u2022 " + s.text for s in summary.sentences]


def test_wire_dateline_is_dropped_from_the_lead() -> None:
    text = ("LONDON (Reuters) - Rail fares will rise 3.1% in March, the government said. "
            "Unions called the rise unfair. Passenger groups want a freeze.")
    summary = summarize(text, sentences=1, model=_model(**{"position*bias": 1.0}))
    assert summary.sentences[0].text == "Rail fares will rise 3.1% in March, the government said."
    cnn = summarize("(CNN)The storm made landfall near Tampa on Sunday night. It weakened.",
                    sentences=1, model=_model(**{"position*bias": 1.0}))
    assert cnn.sentences[0].text == "The storm made landfall near Tampa on Sunday night."


QUOTED = ('The mayor visited the flooded streets on Monday. "We will rebuild. It will take '
          'years, not months," she said. Insurers expect claims of 40 million pounds.')


def test_quote_spanning_sentences_is_marked() -> None:
    items = analyse(QUOTED).items
    assert [it.text for it in items] == [
        "The mayor visited the flooded streets on Monday.",
        '"We will rebuild.',
        'It will take years, not months," she said.',
        "Insurers expect claims of 40 million pounds.",
    ]
    assert [it.quote_fragment for it in items] == [False, True, True, False]
    stray = analyse('He said "no. Then left.\n\nThe end came.').items
    assert not any(it.quote_fragment for it in stray)  # never closed: a stray mark


def test_half_a_quote_is_chosen_only_when_it_clearly_wins() -> None:
    flat = _model()  # every sentence scores the same
    texts = [s.text for s in summarize(QUOTED, sentences=2, model=flat).sentences]
    assert texts == ["The mayor visited the flooded streets on Monday.",
                     "Insurers expect claims of 40 million pounds."]
    lead = _model(**{"position*bias": 1.0})
    assert len(summarize(QUOTED, sentences=3, model=lead).sentences) == 3


def test_abbreviations_and_decimals_do_not_split_sentences() -> None:
    text = ("Dr. Lena Ortiz told the U.S. Senate on Tuesday that prices rose 2.5% in May. "
            "The hearing took place near No. 10 Elm St. in the capital. "
            "Lawmakers asked for a report by Friday. Markets barely moved.")
    summary = summarize(text, sentences=4)
    assert [s.text for s in summary.sentences] == [
        "Dr. Lena Ortiz told the U.S. Senate on Tuesday that prices rose 2.5% in May.",
        "The hearing took place near No. 10 Elm St. in the capital.",
        "Lawmakers asked for a report by Friday.",
        "Markets barely moved.",
    ]
    short = summarize(text, sentences=1).sentences[0].text
    assert short in [s.text for s in summary.sentences]


def test_lists_become_separate_candidates_linked_to_their_paragraph() -> None:
    text = ("The council set out its plan for the winter on Monday.\n\n"
            "- Gritting lorries will cover 40 more roads\n"
            "- Two new warming centres open in Ashby\n"
            "- Bin collections move to Saturdays\n\n"
            "The plan costs 1.2 million pounds, the council said.")
    summary = summarize(text, sentences=5)
    assert [s.paragraph for s in summary.sentences] == [0, 1, 1, 1, 2]
    assert summary.sentences[1].text == "- Gritting lorries will cover 40 more roads"


def test_every_sentence_links_to_its_paragraph() -> None:
    paragraphs = split_paragraphs(ARTICLE)
    for count in LENGTHS.values():
        for s in summarize(ARTICLE, title=TITLE, sentences=count).sentences:
            assert s.text in " ".join(paragraphs[s.paragraph].split())
