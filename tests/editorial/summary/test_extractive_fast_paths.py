"""The summarizer's fast paths must give exactly what the plain definitions give.

`summary_features.scores` computes the linear model without building feature rows, and
`analyse` tokenises ASCII text as bytes. Both exist only for speed, so these tests hold them
to the slow definitions, and pin the chosen sentences on a few fixed texts (written for this
test; the expected indices came from the summarizer before the speed work). Retraining the
weights may change the pinned choices: then check the new ones by reading them and update.
"""

from __future__ import annotations

import pytest

from newsdesk.editorial.summary import features as summary_features
from newsdesk.editorial.summary import terms as summary_terms
from newsdesk.editorial.summary.analysis import analyse
from newsdesk.editorial.summary.extractive import candidates, default_model, summarize
from newsdesk.editorial.summary.features import features
from newsdesk.editorial.summary.terms import terms

HARBOUR = """\
PORTHAVEN (Reuters) - The harbour authority in Porthaven will close its north quay for \
six weeks from March 3 while engineers replace 140 metres of crumbling sea wall, officials said \
on Tuesday.

The work, costing an estimated £4.2 million, was brought forward after a storm in January \
washed away part of the wall. "We cannot wait another winter," harbour master Ines Calloway \
told reporters. "The wall is older than the town hall."

Ferries to the islands will use the south quay instead. Timetables are unchanged, but \
passengers should allow an extra 15 minutes to reach the terminal, the operator said.

Fishing boats have been offered moorings at Kelby, 8 miles up the coast. Some skippers said \
the move would cost them a day's catch each week.

Is the town ready for the disruption? Local traders say they are not. Shops along the quay \
expect fewer visitors until the work ends in mid-April.

The council will meet on Thursday to discuss compensation."""

TRIAL = (
    "A new drug cut the risk of a second heart attack by 23% in a trial of 4,100 patients, "
    "researchers reported on Monday. The trial ran for 3.5 years at 60 hospitals in the U.S. "
    "and Europe. Dr. Amara Lindqvist, who led the study, said the results were \"the clearest "
    "we have seen in a decade.\" Patients took one tablet a day. Side effects were mild; about "
    "4 in 100 patients reported headaches. The drug is not yet approved. Its maker, Corvane "
    "Inc., said it would apply to regulators this year. Prices have not been set. Heart "
    "disease kills about 18 million people a year worldwide, according to the World Health "
    "Organization. \"This could change how we treat survivors,\" said Prof. Lindqvist. "
    "Independent experts urged caution. They said longer trials were needed. No. 10 Downing "
    "Street declined to comment."
)

LISTS = """\
The city council approved its budget on Wednesday night after a four-hour debate.

Main points of the plan:
- Bus fares frozen for two years.
- 300 new street lights in the eastern districts.
- A 2% rise in the council tax from April.

Opposition members voted against it. They said the tax rise would hurt pensioners \
on fixed incomes. The mayor said the plan was "fair and affordable".

The budget takes effect on April 1."""

BRIEF = (
    "Firefighters put out a blaze at a warehouse in Dunmore early on Saturday. "
    "No one was hurt. The cause is not known. Police closed Mill Road for three hours."
)

CAFE = (
    "Le café Bellevue a rouvert ses portes après trois ans de travaux. Les habitants sont "
    "venus nombreux. « C'est notre maison », dit la propriétaire. Le menu n'a pas changé."
)

TEXTS = {
    "harbour": (HARBOUR, "Porthaven to close north quay for sea wall repairs"),
    "trial": (TRIAL, ""),
    "lists": (LISTS, "Council passes budget with fare freeze"),
    "brief": (BRIEF, ""),
    "cafe": (CAFE, ""),
}
PINNED = {
    "harbour": {1: [0], 3: [0, 1, 10], 5: [0, 1, 3, 7, 10]},
    "trial": {1: [0], 3: [0, 1, 4], 5: [0, 1, 3, 4, 8]},
    "lists": {1: [4], 3: [4, 6, 8], 5: [0, 4, 6, 7, 8]},
    "brief": {1: [2], 3: [0, 2, 3], 5: [0, 1, 2, 3]},
    "cafe": {1: [3], 3: [0, 1, 3], 5: [0, 1, 2, 3]},
}


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_chosen_sentences_are_pinned(name: str) -> None:
    text, title = TEXTS[name]
    for count, expected in PINNED[name].items():
        summary = summarize(text, title=title, sentences=count)
        assert [s.index for s in summary.sentences] == expected, (name, count)


@pytest.mark.parametrize("name", sorted(TEXTS))
@pytest.mark.parametrize("with_title", [True, False])
@pytest.mark.parametrize("limit", [None, 4])
def test_fast_scores_equal_scoring_the_feature_rows(
    name: str, with_title: bool, limit: int | None
) -> None:
    text, title = TEXTS[name]
    title_terms = terms(title if with_title else "")
    model = default_model()
    analysis = analyse(text, limit)
    items, tail = candidates(analysis.items, title if with_title else "", 1), analysis.tail
    rows, doc = features(items, title_terms, tail)
    slow = model.scores(rows, doc)
    fast = model.score_items(items, title_terms, tail)
    assert fast == pytest.approx(slow, rel=1e-12, abs=1e-12)
    # Every weight matters: a model with one weight changed must change the fast scores too.
    for i in range(len(model.weights)):
        weights = list(model.weights)
        weights[i] += 1.0
        bumped = summary_features.scores(items, title_terms, weights, tail)
        per_document = summary_features.per_document_weights(weights, doc)
        by_rows = [sum(w * x for w, x in zip(per_document, row, strict=True)) for row in rows]
        assert bumped == pytest.approx(by_rows, rel=1e-12, abs=1e-12), model.features[i]


ODD_ASCII = (
    "\"Rates rise,\" said the BANK'S chief, (NOT 'maybe').\x1cThen\ttabs\x0band  spaces: "
    "A-level, e-mail, 3.5% of 1,200 U.S. firms (ibid.) say 'Yes'. \"Q\" and ('Z') 9lives. "
    "What now? ok... fine! End."
)


LATIN_AND_TYPOGRAPHY = (
    "\u201cWe\u2019re ready,\u201d said the CAF\u00c9\u2019s owner \u2014 \u00c9lodie M\u00fcller "
    "\u2013 on Monday\u2026 Prices rose 3\u00bd% \u00abquickly\u00bb.\u00a0Stra\u00dfe works "
    "end in \u2018June\u2019.\x85Next\u00b7item: \u00bfQu\u00e9? \u201cSoon.\u201d"
)


@pytest.mark.parametrize(
    "text",
    [ODD_ASCII, HARBOUR, HARBOUR.replace("\u00a3", "$"), TRIAL, LISTS, BRIEF,
     LATIN_AND_TYPOGRAPHY],
)
def test_byte_path_equals_the_str_path(text: str) -> None:
    fast = analyse(text)
    assert summary_terms.one_byte_text(text) is not None
    # The same text with a Greek paragraph appended takes the str path throughout.
    slow = analyse(text + "\n\n\u039a\u03b1\u03c6\u03ad closes.")
    assert summary_terms.one_byte_text(text + "\u039a") is None
    assert len(slow.items) == len(fast.items) + 1
    for a, b in zip(fast.items, slow.items, strict=False):
        assert (a.text, a.terms, a.words, a.facts) == (b.text, b.terms, b.words, b.facts)


def test_term_cache_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(summary_terms, "_MAX_CACHED", 50)
    for i in range(300):
        terms(f"word{i} other{i} thing{i}s")
    assert len(summary_terms._TERMS) <= 50
    assert terms("the outages of lines") == {"outage", "line"}


def test_a_limited_analysis_counts_the_rest_of_the_article() -> None:
    whole = analyse(HARBOUR)
    limited = analyse(HARBOUR, 4)
    assert [it.text for it in limited.items] == [it.text for it in whole.items[:4]]
    tail = limited.tail
    assert tail.words == sum(it.words for it in whole.items[4:])
    # The tail's sentences are estimated from its words at the analysed sentences' mean
    # length (70 words in 4 sentences here; the true count is 8).
    assert tail.sentences == round(91 * 4 / 70) == 5
    # The fourth sentence ends the second paragraph; the four after it start in the tail.
    assert whole.items[3].sentence.paragraph == 1 and whole.items[-1].sentence.paragraph == 5
    assert tail.paragraphs == 4
    assert tail.terms.count("quay") == 2 and tail.terms.count("compensation") == 1
    assert "harbour" not in tail.terms  # only in the analysed sentences
    assert analyse(BRIEF, 10).tail.words == 0  # shorter than the limit: nothing left over
