"""The [Source: …] marker: one syntax for the parser, the guard and the page."""

from __future__ import annotations

from newsdesk.text.markers import SOURCE_MARKER, fold_label, strip_markers


def test_markers_are_found_however_a_model_spaces_and_cases_them() -> None:
    text = "Power is back. [Source: Valley Wire] Schools stay shut. [ source :County  Gazette ]"
    assert [m.group(1) for m in SOURCE_MARKER.finditer(text)] == ["Valley Wire",
                                                                   "County  Gazette"]
    assert fold_label("County  Gazette") == fold_label("county gazette")


def test_stripping_markers_leaves_the_claims_with_whitespace_folded() -> None:
    assert strip_markers("Power is back.  [Source: Valley Wire]\nSchools stay shut.") == (
        "Power is back. Schools stay shut.")
