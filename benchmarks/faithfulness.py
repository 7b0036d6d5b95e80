"""The faithfulness dev set: loading, story-disjoint folds and the scores the guard reports.

Shared by benchmarks/guard.py and scripts/train_guard.py so that training and measuring
split and score the data the same way. Scores treat the inconsistent class (label 0) as
positive, per dataset, as the data's PROVENANCE file asks.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "faithfulness-dev.jsonl"
# Disjoint by story from DATA (see its PROVENANCE): the guard's training rows.
TRAIN_DATA = ROOT.parent / "shared" / "data" / "faithfulness-train.jsonl"
ANCHORS = ROOT.parent / "shared" / "data" / "faithfulness-dev-anchors.json"
DATASETS = ("ragtruth_summary", "faithbench", "frank_cnndm", "frank_xsum")
# FaithBench's licence allows evaluation only: never train on these rows.
TRAINABLE = ("ragtruth_summary", "frank_cnndm", "frank_xsum")


@dataclass(frozen=True)
class Row:
    id: str
    dataset: str
    source: str
    generated: str
    label: int  # 1 consistent, 0 inconsistent
    spans: tuple[str, ...] = ()  # unsupported spans of `generated`, where annotated

    @property
    def inconsistent(self) -> bool:
        return self.label == 0


def load_rows(path: Path = DATA) -> list[Row]:
    rows = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            r = json.loads(line)
            rows.append(Row(r["id"], r["dataset"], r["source"], r["generated"], int(r["label"]),
                            tuple(r.get("spans") or ())))
    return rows


def story_groups(rows: Sequence[Row]) -> dict[str, int]:
    """Source text -> story id; sources sharing 30% of their word 8-grams are one story, so a
    fold never trains on one telling and tests on another of the same story."""
    sources = sorted({r.source for r in rows})
    grams = [_eightgrams(s) for s in sources]
    parent = list(range(len(sources)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(sources)):
        for j in range(i + 1, len(sources)):
            small = min(len(grams[i]), len(grams[j])) or 1
            if len(grams[i] & grams[j]) / small >= 0.3:
                parent[find(i)] = find(j)
    return {s: find(i) for i, s in enumerate(sources)}


def fold_of(group: int, rows_source: str, folds: int) -> int:
    """A fixed, hash-based fold per story: the same split on every run and machine."""
    digest = hashlib.sha256(f"newsdesk-guard-folds:{group}".encode()).digest()
    return digest[0] % folds


def scores(labels: Iterable[bool], flags: Iterable[bool]) -> dict[str, float]:
    """Balanced accuracy, precision, recall, F1 and flag rate, inconsistent = positive."""
    tp = fp = tn = fn = 0
    for bad, flagged in zip(labels, flags, strict=True):
        if bad and flagged:
            tp += 1
        elif bad:
            fn += 1
        elif flagged:
            fp += 1
        else:
            tn += 1
    recall = tp / (tp + fn) if tp + fn else 0.0
    specificity = tn / (tn + fp) if tn + fp else 0.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    n = tp + fp + tn + fn
    return {"n": n, "bacc": (recall + specificity) / 2, "precision": precision,
            "recall": recall, "f1": f1, "flag_rate": (tp + fp) / n if n else 0.0}


def _eightgrams(text: str) -> set[tuple[str, ...]]:
    words = text.casefold().split()
    return set(zip(*(words[k:] for k in range(8)), strict=False))
