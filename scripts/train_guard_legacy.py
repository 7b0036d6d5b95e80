"""The legacy guard classifier (guard/features + guard_weights.json), kept until the new
guard (guard/provenance, scripts/train_guard.py) replaces it. Writes guard_weights.json.

    .venv/bin/python scripts/train_guard_legacy.py [--data ../shared/data/faithfulness-dev.jsonl]

Trains only on the ragtruth_summary and frank_* rows (FaithBench's licence allows evaluation
only). Each dataset gets the same total weight and, within it, each class half of it, so the
0.5 threshold aims at balanced accuracy in every dataset rather than at the largest one. It
prints in-sample scores and scores on story-disjoint held-out folds, which are the honest ones.
Pure Python (Newton's method on an L2-penalised logistic loss): no dependency to install.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.faithfulness import (  # noqa: E402
    DATA,
    TRAINABLE,
    Row,
    fold_of,
    load_rows,
    scores,
    story_groups,
)
from newsdesk.editorial.guard import claims_of  # noqa: E402
from newsdesk.editorial.guard.features import (  # noqa: E402
    FEATURE_NAMES,
    SourceFacts,
    analyse,
    source_facts,
)
from newsdesk.editorial.guard.leaks import preamble_end  # noqa: E402

WEIGHTS = ROOT / "newsdesk" / "editorial" / "guard" / "guard_weights.json"
FOLDS = 5
L2 = 10.0  # penalty on standardised coefficients; chosen by held-out balanced accuracy


def features_of(rows: Sequence[Row]) -> list[list[float]]:
    cache: dict[str, SourceFacts] = {}
    out = []
    for row in rows:
        facts = cache.get(row.source)
        if facts is None:
            facts = cache[row.source] = source_facts(row.source)
        found = analyse(claims_of(row.generated), facts,
                        preamble=preamble_end(row.generated) > 0)
        out.append(found.features)
    return out


def sample_weights(rows: Sequence[Row]) -> list[float]:
    counts: dict[tuple[str, bool], int] = {}
    for r in rows:
        counts[(r.dataset, r.inconsistent)] = counts.get((r.dataset, r.inconsistent), 0) + 1
    total = len(rows)
    datasets = {r.dataset for r in rows}
    return [total / (len(datasets) * 2 * counts[(r.dataset, r.inconsistent)]) for r in rows]


def fit(x: Sequence[Sequence[float]], y: Sequence[int], w: Sequence[float],
        l2: float = L2) -> dict[str, object]:
    """Weighted, L2-penalised logistic regression on standardised features (y=1: flag)."""
    n, d = len(x), len(x[0])
    mean = [sum(row[j] for row in x) / n for j in range(d)]
    scale = [math.sqrt(sum((row[j] - mean[j]) ** 2 for row in x) / n) or 1.0 for j in range(d)]
    z = [[1.0] + [(row[j] - mean[j]) / scale[j] for j in range(d)] for row in x]
    beta = [0.0] * (d + 1)
    for _ in range(50):
        grad = [0.0] * (d + 1)
        hess = [[0.0] * (d + 1) for _ in range(d + 1)]
        for zi, yi, wi in zip(z, y, w, strict=True):
            p = 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, sum(b * v for b, v in
                                                                  zip(beta, zi, strict=True))))))
            g, h = wi * (p - yi), wi * p * (1 - p)
            for a in range(d + 1):
                grad[a] += g * zi[a]
                ha = h * zi[a]
                row = hess[a]
                for b in range(a, d + 1):
                    row[b] += ha * zi[b]
        for a in range(d + 1):
            for b in range(a):
                hess[a][b] = hess[b][a]
        for a in range(1, d + 1):  # the intercept is not penalised
            grad[a] += l2 * beta[a]
            hess[a][a] += l2
        step = _solve(hess, grad)
        beta = [b - s for b, s in zip(beta, step, strict=True)]
        if max(abs(s) for s in step) < 1e-8:
            break
    return {"features": list(FEATURE_NAMES), "mean": mean, "scale": scale, "coef": beta[1:],
            "intercept": beta[0], "threshold": 0.5}


def predict(weights: dict[str, object], x: Sequence[Sequence[float]]) -> list[bool]:
    from newsdesk.editorial.guard.model import load

    model = load(weights)
    return [model.flags(row) for row in x]


def cross_validated(rows: Sequence[Row], x: Sequence[Sequence[float]],
                    l2: float = L2) -> list[bool]:
    """Each row flagged by a model that never saw its story."""
    groups = story_groups(rows)
    fold = [fold_of(groups[r.source], r.source, FOLDS) for r in rows]
    flags = [False] * len(rows)
    for k in range(FOLDS):
        train = [i for i in range(len(rows)) if fold[i] != k]
        test = [i for i in range(len(rows)) if fold[i] == k]
        weights = fit([x[i] for i in train], [int(rows[i].inconsistent) for i in train],
                      sample_weights([rows[i] for i in train]), l2)
        for i, flagged in zip(test, predict(weights, [x[i] for i in test]), strict=True):
            flags[i] = flagged
    return flags


def report(title: str, rows: Sequence[Row], flags: Sequence[bool]) -> float:
    print(title)
    baccs = []
    for dataset in sorted({r.dataset for r in rows}):
        idx = [i for i, r in enumerate(rows) if r.dataset == dataset]
        s = scores([rows[i].inconsistent for i in idx], [flags[i] for i in idx])
        baccs.append(s["bacc"])
        print(f"  {dataset:18} n={s['n']:4.0f} bacc={s['bacc']:.3f} P={s['precision']:.2f} "
              f"R={s['recall']:.2f} F1={s['f1']:.2f}")
    macro = sum(baccs) / len(baccs)
    print(f"  macro bacc {macro:.3f}")
    return macro


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--l2", type=float, default=L2)
    parser.add_argument("--dry-run", action="store_true", help="Do not write the weights.")
    args = parser.parse_args()
    rows = [r for r in load_rows(args.data) if r.dataset in TRAINABLE]
    x = features_of(rows)
    y = [int(r.inconsistent) for r in rows]
    weights = fit(x, y, sample_weights(rows), args.l2)
    report("in-sample (trained on these rows):", rows, predict(weights, x))
    report(f"held-out ({FOLDS} story-disjoint folds):", rows, cross_validated(rows, x, args.l2))
    for name, coef in sorted(zip(FEATURE_NAMES, weights["coef"], strict=True),  # type: ignore[call-overload]
                             key=lambda p: -abs(p[1])):
        print(f"  {coef:+.3f} {name}")
    if not args.dry_run:
        WEIGHTS.write_text(json.dumps(weights, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS.relative_to(ROOT)}")


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting: a is small and well conditioned."""
    n = len(b)
    m = [[*row, b[i]] for i, row in enumerate(a)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(col + 1, n):
            f = m[r][col] / m[col][col]
            if f:
                for c in range(col, n + 1):
                    m[r][c] -= f * m[col][c]
    out = [0.0] * n
    for r in range(n - 1, -1, -1):
        out[r] = (m[r][n] - sum(m[r][c] * out[c] for c in range(r + 1, n))) / m[r][r]
    return out


if __name__ == "__main__":
    main()
