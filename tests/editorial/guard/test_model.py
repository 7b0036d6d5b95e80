"""The guard's classifier: shipped weights load, and weights for other features do not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.editorial.guard import model as guard_model
from newsdesk.editorial.guard.features import FEATURE_NAMES, analyse, source_facts
from scripts import train_guard_legacy as train_guard

ROOT = Path(__file__).resolve().parents[3]


def test_shipped_weights_load_and_follow_the_training_scripts_feature_order() -> None:
    data = json.loads((ROOT / "newsdesk/editorial/guard/guard_weights.json").read_text())
    assert tuple(data["features"]) == FEATURE_NAMES
    fitted = train_guard.fit([[0.0] * len(FEATURE_NAMES), [1.0] * len(FEATURE_NAMES)],
                             [0, 1], [1.0, 1.0])
    assert fitted["features"] == data["features"]
    model = guard_model.load(data)
    features = analyse("The bill passed.", source_facts("The bill passed."))
    assert len(features.features) == len(model.coef) == len(FEATURE_NAMES)
    assert 0.0 <= model.probability(features.features) <= 1.0


def test_weights_for_other_features_are_refused() -> None:
    data = json.loads((ROOT / "newsdesk/editorial/guard/guard_weights.json").read_text())
    data["features"] = list(reversed(data["features"]))
    with pytest.raises(guard_model.WeightsError, match="train_guard"):
        guard_model.load(data)
    data["features"] = list(FEATURE_NAMES)
    data["coef"] = data["coef"][:-1]
    with pytest.raises(guard_model.WeightsError, match="one per feature"):
        guard_model.load(data)
