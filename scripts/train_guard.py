"""Train the fact guard's sentence and text models into guard/provenance/weights.json.

    .venv/bin/python scripts/train_guard.py [--folds] [--dry-run] [--jobs 2]

Trains on ../shared/data/faithfulness-train.jsonl and the ragtruth_summary and frank_* rows
of faithfulness-dev.jsonl (never FaithBench: its licence allows evaluation only).

- The sentence model learns where annotators marked unsupported spans (a sentence holding
  one is positive; every sentence of a text judged consistent is negative).
- The text model reads the sentence probabilities and the kind of text (text.TEXT_FEATURES).
Both are L2-penalised logistic regressions on standardised features, fitted with Newton's
method (numpy at train time; pure Python at run time). Each (file, dataset) gets the same
total weight and within it each class half, since 77% of the training texts are unfaithful
and the datasets differ in base rate; RAGTruth (modern LLM news summaries, the kind of text
newsdesk guards) weighs four times as much. The text model's threshold is the operating
point on the training pool's faithful RAGTruth rows (operating_threshold).

`--folds` also prints the honest numbers: dev rows judged by models trained without their
story (five story-disjoint folds, benchmarks/faithfulness.py), and the gap to models trained
on the training file alone, which shows how far the models lean on the dev stories.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing import Pool
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.faithfulness import (  # noqa: E402
    DATA,
    DATASETS,
    TRAIN_DATA,
    TRAINABLE,
    Row,
    fold_of,
    load_rows,
    scores,
    story_groups,
)
from newsdesk.editorial.guard import claims_of  # noqa: E402
from newsdesk.editorial.guard.leaks import preamble_end  # noqa: E402
from newsdesk.editorial.guard.provenance.features import (  # noqa: E402
    SENTENCE_FEATURES,
    TEXT_FEATURES,
)
from newsdesk.editorial.guard.provenance.model import Logistic, Models  # noqa: E402
from newsdesk.editorial.guard.provenance.sources import SourceText  # noqa: E402
from newsdesk.editorial.guard.provenance.text import (  # noqa: E402
    analyse,
    summary_parts,
    text_features,
)
from newsdesk.text.folding import fold_case_and_typography as fold  # noqa: E402

WEIGHTS = ROOT / "newsdesk" / "editorial" / "guard" / "provenance" / "weights.json"
FOLDS = 5
L2_SENTENCE = 10.0  # penalties on standardised coefficients, chosen on the dev folds
L2_TEXT = 10.0
MODERN = "ragtruth_summary"  # the kind of text newsdesk guards: it weighs more
MODERN_WEIGHT = 4.0  # RAGTruth's weight against each other (file, dataset) group
PARTLY, UNSUPPORTED = 0.5, 0.7  # sentence probabilities for the two lower verdicts
# The operating point: the text model's threshold is set on the training pool's faithful
# RAGTruth rows (modern LLM news summaries) so that at most this share of them is stopped,
# findings included. Each fold of the benchmark sets its own from its own training rows, so
# no reported row chooses the threshold it is judged by. The issue allows 25% on unseen
# text; a fifth on the rows the threshold is read from leaves a margin for text it has not
# seen (at 25% the held-out folds flagged 24-27%).
FAITHFUL_FLAGGED = 0.20


@dataclass(frozen=True)
class Example:
    """One labelled text reduced to what training needs."""

    row: Row
    group: str  # "train:bump", "dev:ragtruth_summary", ...
    sentences: tuple[tuple[float, ...], ...]
    sentence_labels: tuple[int | None, ...]  # 1: holds an annotated span; None: unknown
    style: tuple[float, ...]
    hard: bool  # a finding already stops it (a figure, name or quote the source lacks, ...)

    @property
    def unfaithful(self) -> int:
        return int(self.row.inconsistent)


def judged(row: Row) -> tuple[tuple[tuple[float, ...], ...], tuple[int | None, ...],
                              tuple[float, ...], bool]:
    """The guard's measurements of one row, and which of its sentences hold a span."""
    analysis = analyse(summary_parts(claims_of(row.generated)), [SourceText("source", row.source)],
                       preamble=preamble_end(row.generated) > 0)
    spans = [fold(s) for s in row.spans]
    labels: list[int | None] = []
    for located in analysis.claims:
        if not row.inconsistent:
            labels.append(0)
        elif spans:
            labels.append(int(any(_overlaps(s, fold(located.claim.text)) for s in spans)))
        else:
            labels.append(None)
    return (tuple(c.claim.features for c in analysis.claims), tuple(labels), analysis.style,
            any(c.claim.findings for c in analysis.claims))


def examples(rows: Sequence[tuple[str, Row]], jobs: int = 1) -> list[Example]:
    if jobs > 1:
        with Pool(jobs) as pool:
            measured = pool.map(judged, [r for _, r in rows], chunksize=16)
    else:
        measured = [judged(r) for _, r in rows]
    return [Example(r, g, *m) for (g, r), m in zip(rows, measured, strict=True)]


def training_rows(dev: Path = DATA, train: Path = TRAIN_DATA) -> list[tuple[str, Row]]:
    rows = [(f"train:{r.dataset}", r) for r in load_rows(train)]
    rows += [(f"dev:{r.dataset}", r) for r in load_rows(dev) if r.dataset in TRAINABLE]
    return rows


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float,
        names: Sequence[str]) -> Logistic:
    """Weighted, L2-penalised logistic regression on standardised features (y=1: flag)."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = np.hstack([np.ones((len(x), 1)), (x - mean) / scale])
    beta = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], l2)
    penalty[0] = 0.0  # the intercept is not penalised
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ beta, -40, 40)))
        grad = z.T @ (w * (p - y)) + penalty * beta
        hess = (z * (w * p * (1 - p))[:, None]).T @ z + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-10:
            break
    return Logistic(tuple(names), tuple(float(v) for v in mean),
                    tuple(float(v) for v in scale), tuple(float(v) for v in beta[1:]),
                    float(beta[0]))


def balanced(keys: Sequence[tuple[str, int]]) -> np.ndarray:
    """Each group the same total weight (RAGTruth's MODERN_WEIGHT times it), each class
    half of it."""
    counts: dict[tuple[str, int], int] = {}
    for k in keys:
        counts[k] = counts.get(k, 0) + 1
    w = np.array([(MODERN_WEIGHT if k[0].endswith(MODERN) else 1.0) / counts[k]
                  for k in keys])
    normalised: np.ndarray = w / w.mean()
    return normalised


def fit_models(pool: Sequence[Example], l2_sentence: float = L2_SENTENCE,
               l2_text: float = L2_TEXT) -> Models:
    xs, ys, keys = [], [], []
    for e in pool:
        for features, label in zip(e.sentences, e.sentence_labels, strict=True):
            if label is not None:
                xs.append(features)
                ys.append(label)
                keys.append((e.group, label))
    sentence = fit(np.array(xs), np.array(ys, float), balanced(keys), l2_sentence,
                   SENTENCE_FEATURES)
    tx = np.array([text_input(sentence, e) for e in pool])
    ty = np.array([e.unfaithful for e in pool], float)
    text = fit(tx, ty, balanced([(e.group, e.unfaithful) for e in pool]), l2_text,
               TEXT_FEATURES)
    threshold = operating_threshold([text.probability(list(row)) for row in tx], pool)
    return Models(sentence, text, threshold, PARTLY, UNSUPPORTED)


def operating_threshold(probabilities: Sequence[float], pool: Sequence[Example],
                        share: float = FAITHFUL_FLAGGED) -> float:
    """The lowest text-model threshold that stops at most `share` of the pool's faithful
    RAGTruth rows, counting those a finding already stops (1.0 when findings alone use the
    whole share: the model then stops nothing on its own)."""
    faithful = [(p, e.hard) for p, e in zip(probabilities, pool, strict=True)
                if e.row.dataset == MODERN and not e.row.inconsistent]
    budget = int(share * len(faithful)) - sum(1 for _, hard in faithful if hard)
    soft = sorted((p for p, hard in faithful if not hard), reverse=True)
    if budget <= 0 or not soft:
        return 1.0
    if budget >= len(soft):
        return 0.0
    return (soft[budget - 1] + soft[budget]) / 2


def text_input(sentence: Logistic, e: Example) -> list[float]:
    probabilities = [sentence.probability(f) for f in e.sentences]
    return text_features(e.sentences, e.style, probabilities)


def decide(models: Models, e: Example) -> tuple[float, bool]:
    """The text probability, and whether the guard stops the text (as Trace.unfaithful)."""
    p = models.text.probability(text_input(models.sentence, e))
    return p, p >= models.threshold or e.hard


def story_folds(dev_examples: Sequence[Example]) -> list[int]:
    groups = story_groups([e.row for e in dev_examples])
    return [fold_of(groups[e.row.source], e.row.source, FOLDS) for e in dev_examples]


def fold_models(train: Sequence[Example], dev: Sequence[Example],
                fitter: Callable[[Sequence[Example]], Models] = fit_models
                ) -> tuple[list[int], list[Models]]:
    """Each dev row's fold, and per fold the models trained without that fold's stories."""
    folds = story_folds(dev)
    models = [fitter([*train, *(e for e, f in zip(dev, folds, strict=True) if f != k)])
              for k in range(FOLDS)]
    return folds, models


def cross_validated(train: Sequence[Example], dev: Sequence[Example],
                    fitter: Callable[[Sequence[Example]], Models] = fit_models
                    ) -> list[tuple[float, bool]]:
    """Each dev row judged by models that never saw its story."""
    folds, models = fold_models(train, dev, fitter)
    return [decide(models[f], e) for e, f in zip(dev, folds, strict=True)]


def report(title: str, dev: Sequence[Example], flags: Sequence[bool]) -> float:
    print(title)
    baccs = []
    for dataset in [d for d in DATASETS if any(e.row.dataset == d for e in dev)]:
        idx = [i for i, e in enumerate(dev) if e.row.dataset == dataset]
        s = scores([dev[i].row.inconsistent for i in idx], [flags[i] for i in idx])
        baccs.append(s["bacc"])
        print(f"  {dataset:18} n={s['n']:4.0f} bacc={s['bacc']:.3f} P={s['precision']:.2f} "
              f"R={s['recall']:.2f} F1={s['f1']:.2f}")
    macro = sum(baccs) / len(baccs)
    print(f"  macro bacc {macro:.3f}")
    return macro


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", action="store_true", help="Also report story-disjoint folds.")
    parser.add_argument("--dry-run", action="store_true", help="Do not write the weights.")
    parser.add_argument("--jobs", type=int, default=2, help="Processes measuring the texts.")
    args = parser.parse_args()
    every = examples(training_rows(), args.jobs)
    train = [e for e in every if e.group.startswith("train:")]
    dev = [e for e in every if e.group.startswith("dev:")]
    models = fit_models(every)
    report("in-sample (dev rows trained on):", dev, [decide(models, e)[1] for e in dev])
    if args.folds:
        held = cross_validated(train, dev)
        report(f"held out ({FOLDS} story-disjoint folds):", dev, [f for _, f in held])
        alone = fit_models(train)
        report("trained on the training file alone:", dev, [decide(alone, e)[1] for e in dev])
    for title, logistic in (("sentence", models.sentence), ("text", models.text)):
        print(f"{title} model:")
        for name, coef in sorted(zip(logistic.features, logistic.coef, strict=True),
                                 key=lambda p: -abs(p[1])):
            print(f"  {coef:+.3f} {name}")
    if not args.dry_run:
        WEIGHTS.write_text(json.dumps(models.as_json(), indent=1) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS.relative_to(ROOT)}")


def _overlaps(span: str, sentence: str) -> bool:
    """The sentence holds the span, or a run of three of its words."""
    if not span or not sentence:
        return False
    if span in sentence or sentence in span:
        return True
    words = span.split()
    return any(" ".join(words[k : k + 3]) in sentence for k in range(len(words) - 2))


if __name__ == "__main__":
    main()
