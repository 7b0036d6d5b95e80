"""The guard's classifier: a logistic model over `guard_features.FEATURE_NAMES`.

Why linear and in pure Python: eighteen features need no library, the weights fit in a small
JSON file that a reviewer can read, and scoring costs microseconds. The weights are written by
`scripts/train_guard.py`; the file names the features it was trained on, and loading refuses
a file whose list differs from the code's, so the two cannot silently drift apart.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from newsdesk.editorial.guard.features import FEATURE_NAMES

__all__ = ["Model", "WeightsError", "load", "model"]

WEIGHTS_FILE = "guard_weights.json"


class WeightsError(ValueError):
    """The weights file does not fit this code."""


@dataclass(frozen=True)
class Model:
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float

    def probability(self, values: Sequence[float]) -> float:
        """Probability that the text holds unsupported content."""
        z = self.intercept + sum(
            c * (v - m) / s for c, v, m, s in zip(self.coef, values, self.mean, self.scale,
                                                 strict=True)
        )
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))

    def flags(self, values: Sequence[float]) -> bool:
        return self.probability(values) >= self.threshold


def load(data: dict[str, Any]) -> Model:
    features = tuple(data["features"])
    if features != FEATURE_NAMES:
        raise WeightsError(
            "guard weights were trained on other features; run scripts/train_guard.py"
        )
    n = len(features)
    parts = [tuple(float(x) for x in data[k]) for k in ("mean", "scale", "coef")]
    if any(len(p) != n for p in parts):
        raise WeightsError("guard weights: mean, scale and coef must each have one per feature")
    return Model(features, parts[0], parts[1], parts[2], float(data["intercept"]),
                 float(data["threshold"]))


@cache
def model() -> Model:
    """The shipped model, read once per process."""
    text = resources.files("newsdesk.editorial.guard").joinpath(WEIGHTS_FILE).read_text("utf-8")
    return load(json.loads(text))
