"""Tokens keep their offsets; light stems match inflections, not different words."""

from __future__ import annotations

from newsdesk.text.tokens import STOPWORDS, stem, tokens


def test_tokens_keep_offsets_and_hold_abbreviations_and_hyphenated_names() -> None:
    text = "The U.S. envoy met al-Assad's aide."
    found = tokens(text)
    assert [t.text for t in found] == ["The", "U.S", "envoy", "met", "al-Assad's", "aide"]
    assert all(text[t.start:t.end] == t.text for t in found)


def test_stems_match_inflections_and_possessives() -> None:
    assert stem("council's") == stem("council")
    assert stem("rising") == stem("rises") != stem("river")
    assert "said" in STOPWORDS and "council" not in STOPWORDS
