"""Sentence-level provenance: evidence with exact offsets, verdicts, and the per-sentence checks."""

from __future__ import annotations

import json

import pytest

from newsdesk.editorial.guard import Verdict, check, check_text
from newsdesk.editorial.guard.provenance import VERDICTS, SourceText
from newsdesk.editorial.guard.provenance.model import WeightsError, load
from newsdesk.editorial.guard.provenance.split import sentence_spans

WIRE = SourceText(
    "County Wire",
    "Councillors in Port Ellery voted 14 to 9 on Tuesday to close the Marsh Lane pool.\n"
    "The pool, which opened in 1974, needs repairs estimated at £2.3 million.   Council leader "
    "Ayesha Brant said the decision was painful.\n\nResidents have collected 4,100 signatures.",
)
RESULTS = SourceText(
    "Business Wire",
    "Halden Foods said revenue rose 6% to £840 million, while pre-tax profit fell 12% to "
    "£41 million. The union says it will demand a 7% pay rise. The company has offered 4%.",
)


def judge_text(text: str, sources: list[SourceText]) -> Verdict:
    return check_text(text, [s.text for s in sources], labels=[s.label for s in sources])


def kinds(text: str, source: SourceText = WIRE) -> set[str]:
    return set(judge_text(text, [source]).kinds())


def test_evidence_is_exactly_the_stored_text_at_its_offsets() -> None:
    title = SourceText("County Wire", "Port Ellery votes to shut its pool", field="title")
    judgement = check(
        "Port Ellery votes to close Marsh Lane pool",
        ["Councillors voted 14 to 9 on Tuesday to close the Marsh Lane pool. "
         "[Source: County Wire]",
         "Repairs would cost £2.3 million, council leader Ayesha Brant said. "
         "[Source: County Wire]"],
        [title.text, WIRE.text], {"County Wire"}, labels=["County Wire"] * 2,
        fields=["title", "text"])
    texts = {("title", title.text), ("text", WIRE.text)}
    assert [(s.part, s.paragraph) for s in judgement.sentences] == [
        ("headline", 0), ("body", 0), ("body", 1)]
    for sentence in judgement.sentences:
        assert sentence.evidence, sentence.sentence
        for e in sentence.evidence:
            stored = dict(texts)[e.field]
            assert e.source == "County Wire"
            assert stored[e.start : e.end] == e.text
    body = judgement.sentences[1]
    assert body.evidence[0].text.startswith("Councillors in Port Ellery voted 14 to 9")


def test_sentences_json_has_the_api_shape() -> None:
    judgement = judge_text("The pool opened in 1974. Residents collected 4,100 signatures.",
                           [WIRE])
    out = json.loads(json.dumps(judgement.sentences_json()))
    assert [s["sentence"] for s in out] == ["The pool opened in 1974.",
                                           "Residents collected 4,100 signatures."]
    for s in out:
        assert set(s) == {"sentence", "part", "paragraph", "verdict", "score", "evidence",
                          "findings"}
        assert s["verdict"] in VERDICTS and 0.0 <= s["score"] <= 1.0
        assert set(s["evidence"][0]) == {"source", "field", "text", "start", "end"}
    assert out[1]["evidence"][0]["text"] == "Residents have collected 4,100 signatures."


def test_a_supported_sentence_and_an_invented_one() -> None:
    judgement = judge_text(
        "Councillors voted 14 to 9 to close the Marsh Lane pool. Mayor Tom Hale blamed a "
        "cold winter for a collapse in ticket sales.", [WIRE])
    first, second = judgement.sentences
    assert first.verdict == "supported" and first.score > second.score
    assert second.verdict == "unsupported"
    assert any(f.kind == "name" and "Tom Hale" in f.span for f in second.findings)
    assert not judgement.passed and not judgement.consistent


def test_a_leak_stops_publication_but_is_not_an_inconsistency() -> None:
    judgement = judge_text("Here is the rewritten article: councillors voted 14 to 9.", [WIRE])
    assert judgement.kinds() == {"leak"}
    assert judgement.consistent and not judgement.passed


@pytest.mark.parametrize(("text", "kind"), [
    ("Councillors voted 14 to 9 on Thursday to close the Marsh Lane pool.", "weekday"),
    ("Councillors voted 15 to 9 on Tuesday to close the Marsh Lane pool.", "number"),
    ("Council leader Ayesha Brant said the decision was not painful.", "negation"),
    ("The Marsh Lane pool will close because a storm flooded its boiler room.", "cause"),
])
def test_changed_facts_are_found_in_their_sentence(text: str, kind: str) -> None:
    assert kind in kinds(text)


def test_a_role_swap_is_found_and_a_passive_restatement_is_not() -> None:
    match = SourceText("Sports", "Redcliffe Rovers beat Ashford Town 3-1 on Saturday.")
    assert "roles" in kinds("Ashford Town beat Redcliffe Rovers 3-1 on Saturday.", match)
    assert "roles" not in kinds("Ashford Town were beaten 3-1 by Redcliffe Rovers.", match)
    assert "roles" not in kinds("Redcliffe Rovers beat Ashford Town on Saturday.", match)


def test_a_figure_on_the_wrong_measure_and_a_demand_reported_as_done() -> None:
    assert "attachment" in kinds("Halden Foods said pre-tax profit rose 6%.", RESULTS)
    assert "attachment" not in kinds("Halden Foods said revenue rose 6%.", RESULTS)
    assert "attachment" in kinds("The company has offered 7%.", RESULTS)
    assert "certainty" in kinds("The union has won a 7% pay rise.", RESULTS)
    assert "certainty" not in kinds("The union will demand a 7% pay rise.", RESULTS)


def test_counts_of_named_people_and_sentence_initial_capitals_are_not_inventions() -> None:
    pair = SourceText("City", "Mayor Grace Otieno and councillor Samuel Park opened the library "
                              "on Saturday. About 80,000 books are on its shelves.")
    assert kinds("The two opened the library on Saturday.", pair) == set()
    assert "number" in kinds("The three opened the library on Saturday.", pair)
    judged = judge_text("Roughly 80,000 books are on its shelves. Eighty thousand books are "
                        "there.", [pair])
    assert not any(f.kind == "name" for s in judged.sentences for f in s.findings)


def findings(text: str, source: SourceText) -> set[str]:
    return {f.kind for s in judge_text(text, [source]).sentences for f in s.findings}


def test_titles_peoples_quoted_titles_and_restated_denials_are_not_inventions() -> None:
    wire = SourceText("Wire", "Indiana Gov. Mike Pence signed the order on Monday. The victim "
                              "had moved from Korea to Afghanistan. Singer said the \"Newsroom\" "
                              "actress would join. Officials have not found any evidence of "
                              "poison. Christopher Lane said so.")
    assert findings("Indiana Governor Mike Pence signed the order on Monday.", wire) == set()
    assert findings("The victim was a Korean who lived among Afghan families.", wire) == set()
    assert findings("Singer said the actress from \"The Newsroom\" would join.", wire) == set()
    assert findings("Officials have found no evidence of poison.", wire) == set()
    # ... while an invented name, quote or dropped denial is still found.
    assert "name" in findings("Singer said Christian Lane would join.", wire)
    assert "name" in findings("Indiana Governor Tom Pence signed the order on Monday.", wire)
    assert "quote" in findings("Singer said the \"The Wire\" actress would join.", wire)
    assert "negation" in findings("Officials have found evidence of poison.", wire)


def test_the_operating_threshold_stops_at_most_a_share_of_faithful_llm_summaries() -> None:
    from benchmarks.faithfulness import Row
    from scripts import train_guard

    def example(label: int, hard: bool, dataset: str = "ragtruth_summary"
                ) -> train_guard.Example:
        row = Row("x", dataset, "source", "summary", label)
        return train_guard.Example(row, f"dev:{dataset}", (), (), (), hard)

    faithful = [example(1, k == 0) for k in range(8)]  # one of eight stopped by a finding
    pool = [*faithful, example(0, False), example(1, False, "frank_cnndm")]
    probabilities = [0.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.95, 0.99]
    threshold = train_guard.operating_threshold(probabilities, pool, 0.25)
    stopped = [p >= threshold or e.hard for p, e in zip(probabilities, faithful, strict=False)]
    assert sum(stopped) == 2 and threshold == pytest.approx(0.85)
    # Findings alone already stop a quarter: the model stops nothing more on its own.
    assert train_guard.operating_threshold([0.5] * 4, [example(1, True), *faithful[1:4]],
                                         0.25) == 1.0


def test_sentence_spans_cut_lines_and_spaced_full_stops_and_keep_offsets() -> None:
    text = "one line here . a second one .\nAnother line.  Mr. Smith left.\n\n last"
    spans = [text[a:b] for a, b in sentence_spans(text)]
    assert spans == ["one line here .", "a second one .", "Another line.", "Mr. Smith left.",
                     "last"]


def test_weights_for_other_features_are_refused() -> None:
    from importlib import resources

    data = json.loads(resources.files("newsdesk.editorial.guard.provenance")
                      .joinpath("weights.json").read_text("utf-8"))
    load(data)  # the shipped file fits the code
    data["sentence"]["features"] = data["sentence"]["features"][:-1]
    with pytest.raises(WeightsError, match="train_guard"):
        load(data)


def test_training_fits_weighted_logistic_models_that_separate() -> None:
    import numpy as np

    from scripts import train_guard

    x = np.array([[0.0, 1.0], [0.2, 0.9], [1.0, 0.1], [0.9, 0.0], [0.1, 0.8], [0.8, 0.2]])
    y = np.array([0.0, 0.0, 1.0, 1.0, 0.0, 1.0])
    model = train_guard.fit(x, y, np.ones(len(y)), 1.0, ("a", "b"))
    assert [model.probability(row) >= 0.5 for row in x] == [bool(v) for v in y]
    # Every (group, class) weighs the same in total, RAGTruth MODERN_WEIGHT times as much.
    keys = [("train:bump", 1)] * 3 + [("train:bump", 0)] + [("dev:ragtruth_summary", 0)] * 2
    w = train_guard.balanced(keys)
    totals: dict[tuple[str, int], float] = {}
    for k, v in zip(keys, w, strict=True):
        totals[k] = totals.get(k, 0.0) + float(v)
    assert totals[("train:bump", 1)] == pytest.approx(totals[("train:bump", 0)])
    assert totals[("dev:ragtruth_summary", 0)] == pytest.approx(
        train_guard.MODERN_WEIGHT * totals[("train:bump", 0)])
