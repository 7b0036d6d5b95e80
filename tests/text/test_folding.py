"""fold_case_and_typography: style differences fold away, content differences stay."""

from __future__ import annotations

from newsdesk.text.folding import fold_case_and_typography


def test_quotes_dashes_case_and_spacing_fold_to_one_spelling() -> None:
    curly = "\u201cWe will  rebuild\u201d \u2014 the Mayor\u2019s  office"
    plain = '"we will rebuild" - the mayor\'s office'
    assert fold_case_and_typography(curly) == fold_case_and_typography(plain) == plain


def test_different_words_stay_different() -> None:
    assert fold_case_and_typography("rebuild by summer") != fold_case_and_typography(
        "rebuild by spring")
