"""The shipped guard weights are exactly what scripts/train_guard.py makes from the dev set.

Reads ../shared/data: skipped with the reason when it is absent, but never under CI=true.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from benchmarks.faithfulness import DATA, TRAINABLE, load_rows
from scripts import train_guard_legacy as train_guard

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.shared_data
def test_training_script_reproduces_the_shipped_weights() -> None:
    if not DATA.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs the faithfulness dev set at {DATA}")
        pytest.skip(f"the faithfulness dev set is not at {DATA}")
    rows = [r for r in load_rows(DATA) if r.dataset in TRAINABLE]
    assert {r.dataset for r in rows} == set(TRAINABLE)  # FaithBench rows never trained on
    fitted = train_guard.fit(train_guard.features_of(rows), [int(r.inconsistent) for r in rows],
                             train_guard.sample_weights(rows))
    shipped = json.loads((ROOT / "newsdesk/editorial/guard/guard_weights.json").read_text())
    assert fitted["features"] == shipped["features"]
    for key in ("mean", "scale", "coef"):
        assert fitted[key] == pytest.approx(shipped[key], rel=1e-6, abs=1e-9), key
    assert fitted["intercept"] == pytest.approx(shipped["intercept"], rel=1e-6)
