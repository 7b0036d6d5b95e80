"""The two small logistic models that turn measurements into probabilities.

Why two: the sentence model says how likely one sentence holds something its evidence does
not (trained where annotators marked the unsupported spans); the text model turns the
sentence probabilities and a few facts about the whole text into the probability that the
text is unfaithful (trained on labelled summaries). Both are linear, pure Python at run
time, and read from one JSON file written by `scripts/train_guard.py`; the file names the
features it was made for and loading refuses a file that does not match the code.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from newsdesk.editorial.guard.provenance.features import SENTENCE_FEATURES, TEXT_FEATURES

__all__ = ["Logistic", "Models", "WeightsError", "load", "models"]

WEIGHTS_FILE = "weights.json"


class WeightsError(ValueError):
    """The weights file does not fit this code."""


@dataclass(frozen=True)
class Logistic:
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float

    def probability(self, values: Sequence[float]) -> float:
        z = self.intercept + sum(
            c * (v - m) / s
            for c, v, m, s in zip(self.coef, values, self.mean, self.scale, strict=True)
        )
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))

    def as_json(self) -> dict[str, Any]:
        return {"features": list(self.features), "mean": list(self.mean),
                "scale": list(self.scale), "coef": list(self.coef),
                "intercept": self.intercept}


@dataclass(frozen=True)
class Models:
    sentence: Logistic
    text: Logistic
    threshold: float  # text probability at which the text is judged unfaithful
    partly: float  # sentence probability from which a sentence is "partly" supported
    unsupported: float  # ... and from which it is "unsupported"

    def as_json(self) -> dict[str, Any]:
        return {"sentence": self.sentence.as_json(), "text": self.text.as_json(),
                "threshold": self.threshold, "partly": self.partly,
                "unsupported": self.unsupported}


def _logistic(data: dict[str, Any], expected: Sequence[str], what: str) -> Logistic:
    features = tuple(data["features"])
    if features != tuple(expected):
        raise WeightsError(f"the {what} weights were made for other features; "
                           "run scripts/train_guard.py")
    parts = [tuple(float(x) for x in data[k]) for k in ("mean", "scale", "coef")]
    if any(len(p) != len(features) for p in parts):
        raise WeightsError(f"{what} weights: mean, scale and coef need one per feature")
    return Logistic(features, parts[0], parts[1], parts[2], float(data["intercept"]))


def load(data: dict[str, Any]) -> Models:
    return Models(
        _logistic(data["sentence"], SENTENCE_FEATURES, "sentence"),
        _logistic(data["text"], TEXT_FEATURES, "text"),
        float(data["threshold"]), float(data["partly"]), float(data["unsupported"]),
    )


@cache
def models() -> Models:
    """The shipped models, read once per process."""
    raw = resources.files("newsdesk.editorial.guard.provenance").joinpath(WEIGHTS_FILE)
    return load(json.loads(raw.read_text("utf-8")))
