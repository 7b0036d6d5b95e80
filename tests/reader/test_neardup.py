"""MinHash signatures and LSH bands: reports of one event match, different events do not."""

from __future__ import annotations

from newsdesk.reader import neardup
from tests.support.reports import OTHER, RELEASE, REWORDED


def test_similar_texts_score_high_and_share_bands() -> None:
    a, b = neardup.signature(RELEASE), neardup.signature(REWORDED)
    assert len(a) == neardup.NUM_PERM
    assert neardup.similarity(a, b) >= 0.6
    assert set(neardup.band_keys(a)) & set(neardup.band_keys(b))


def test_different_texts_score_low_and_share_no_band() -> None:
    a, c = neardup.signature(RELEASE), neardup.signature(OTHER)
    assert neardup.similarity(a, c) < 0.2
    assert not set(neardup.band_keys(a)) & set(neardup.band_keys(c))


def test_estimate_tracks_true_jaccard() -> None:
    words = [f"w{i}" for i in range(400)]
    left = " ".join(words)
    right = " ".join(words[:300] + [f"x{i}" for i in range(100)])
    sl, sr = neardup.shingles(left), neardup.shingles(right)
    true = len(sl & sr) / len(sl | sr)
    estimate = neardup.similarity(neardup.signature(left), neardup.signature(right))
    assert abs(estimate - true) < 0.2, (estimate, true)


def test_stable_across_calls_and_case_and_spacing() -> None:
    assert neardup.signature(RELEASE) == neardup.signature("  " + RELEASE.upper() + "\n")


def test_empty_and_tiny_texts() -> None:
    assert neardup.signature("") == [] and neardup.band_keys([]) == []
    tiny = neardup.signature("Budget approved")
    assert len(tiny) == neardup.NUM_PERM
    assert neardup.similarity(tiny, neardup.signature("Budget approved")) == 1.0
    assert all(0 <= k < 2**63 for k in neardup.band_keys(tiny))
