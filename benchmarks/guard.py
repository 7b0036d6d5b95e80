"""Benchmark the fact guard on ../shared/data/faithfulness-dev.jsonl, beside its baselines.

    .venv/bin/python benchmarks/guard.py [--no-floors] [--jobs 2]

One run prints:
1. Per dataset, balanced accuracy and precision / recall / F1 for catching unfaithful texts
   (label 0 is the positive class), for the anchors of faithfulness-dev-anchors.json (the
   overlap rule was tuned on this very file), the legacy guard (its whole-text facts rule
   and classifier, shipped and on held-out folds), the previous provenance guard's recorded
   held-out line, and the new guard (guard.check_text with provenance):
   its findings alone, its models trained on the training file alone, and its models on
   story-disjoint folds (training file + the other folds' dev rows; the honest line).
   FaithBench rows are never trained on (licence), so they are held out in every line.
2. The operating curve on RAGTruth (held-out folds): share of faithful summaries flagged and
   of unfaithful ones caught, per text-model threshold, and at each fold's own threshold.
3. Sentence level on RAGTruth rows with spans: precision / recall / F1 of "this sentence
   holds an unsupported span" (verdict not "supported"), beside the baseline that flags every
   sentence with a content word absent from the source.
4. The curated cases of tests/editorial/guard/cases/guard_cases.json (written for newsdesk).
5. Milliseconds per check of a 700-word source (median, one process) and memory growth.
Exits 1 when a pinned floor is lost.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import tracemalloc
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.faithfulness import (  # noqa: E402
    ANCHORS,
    DATA,
    DATASETS,
    TRAIN_DATA,
    TRAINABLE,
    Row,
    load_rows,
    scores,
)
from newsdesk.editorial.guard import check_text, claims_of  # noqa: E402
from newsdesk.editorial.guard.draft import Draft  # noqa: E402
from newsdesk.editorial.guard.model import model as legacy_weights  # noqa: E402
from newsdesk.editorial.guard.provenance import SourceText  # noqa: E402
from newsdesk.editorial.guard.provenance.model import Models, models  # noqa: E402
from newsdesk.editorial.guard.provenance.text import analyse, summary_parts, trace  # noqa: E402
from newsdesk.editorial.guard.rules.facts import unsupported_facts  # noqa: E402
from newsdesk.text.folding import fold_case_and_typography as fold  # noqa: E402
from newsdesk.text.tokens import STOPWORDS, stem, tokens  # noqa: E402
from scripts import train_guard  # noqa: E402
from scripts.train_guard_legacy import cross_validated as legacy_cv  # noqa: E402
from scripts.train_guard_legacy import features_of as legacy_features  # noqa: E402

CASES = ROOT / "tests" / "editorial" / "guard" / "cases" / "guard_cases.json"
# Pinned floors, on the new guard's held-out line (the targets are printed beside).
# Pinned a little under the measured run (macro 0.644, ragtruth 0.688, frank_cnndm 0.637,
# sentence F1 0.28), which is short of the targets: see docs/guard.md.
FLOOR_MACRO = 0.635
FLOOR_RAGTRUTH = 0.675
FLOOR_FRANK_CNNDM = 0.625
FLOOR_SENTENCE_F1 = 0.26
FLOOR_FAITHFUL_FLAGGED = 0.25  # RAGTruth operating point, held-out, findings included
FLOOR_MS_PER_CHECK = 250.0
TARGETS = "targets: macro >= 0.68, ragtruth >= 0.72, frank_cnndm >= 0.65"
# The provenance guard as it was before its findings were made more precise and its
# threshold read from each training pool (main at 9f6b7d8): its held-out line, recorded by
# this benchmark then. Printed for comparison; its code is no longer in the tree.
PREVIOUS_HELD_OUT = {"ragtruth_summary": (0.652, 0.37, 0.53, 0.44),
                     "faithbench": (0.585, 0.79, 0.62, 0.70),
                     "frank_cnndm": (0.613, 0.67, 0.34, 0.45),
                     "frank_xsum": (0.677, 0.98, 0.47, 0.64)}
SPEED_WORDS = 700
Flags = dict[str, dict[str, float]]


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark the fact guard.")
    parser.add_argument("--no-floors", action="store_true", help="Report only; never fail.")
    parser.add_argument("--jobs", type=int, default=2, help="Processes measuring the texts.")
    args = parser.parse_args()
    if not DATA.exists() or not TRAIN_DATA.exists():
        print(f"no data at {DATA.parent}: the faithfulness sets live in ../shared/data")
        return 2
    rows = load_rows(DATA)
    anchors = json.loads(ANCHORS.read_text(encoding="utf-8"))["methods"]

    every = train_guard.examples(
        [*train_guard.training_rows(), *(("dev:faithbench", r) for r in rows
                                         if r.dataset == "faithbench")], args.jobs)
    train = [e for e in every if e.group.startswith("train:")]
    dev = [e for e in every if e.group.startswith("dev:") and e.row.dataset in TRAINABLE]
    bench = [e for e in every if e.group == "dev:faithbench"]
    judged = [*dev, *bench]
    folds, fold_models = train_guard.fold_models(train, dev)
    full = train_guard.fit_models([*train, *dev])
    held = [train_guard.decide(m, e) for m, e in
            [*((fold_models[f], e) for e, f in zip(dev, folds, strict=True)),
             *((full, e) for e in bench)]]
    alone = train_guard.fit_models(train)

    legacy = _legacy(rows)
    judged_rows = [e.row for e in judged]
    lines: list[tuple[str, Flags]] = [
        ("always consistent (anchor)", anchors["all_consistent"]),
        ("overlap rule, tuned here (anchor)", anchors["overlap_all"]),
        ("legacy guard, shipped weights", _per_dataset(rows, legacy["shipped"])),
        ("legacy guard, held-out folds", _per_dataset(rows, legacy["held"])),
        ("previous guard, folds (recorded)", _recorded(PREVIOUS_HELD_OUT)),
        ("new guard, findings only", _per_dataset(judged_rows, [e.hard for e in judged])),
        ("new guard, train file only",
         _per_dataset(judged_rows, [train_guard.decide(alone, e)[1] for e in judged])),
        ("new guard, held-out folds", _per_dataset(judged_rows, [f for _, f in held])),
    ]
    _print_table(lines)
    print(TARGETS)

    flagged = _print_curve([e for e in judged if e.row.dataset == "ragtruth_summary"],
                           [pf for pf, e in zip(held, judged, strict=True)
                            if e.row.dataset == "ragtruth_summary"])
    sentence = _sentence_level([e for e in dev if e.row.dataset == "ragtruth_summary"],
                               [fold_models[f] for e, f in zip(dev, folds, strict=True)
                                if e.row.dataset == "ragtruth_summary"])
    cases_held, cases_total = curated()
    print(f"\ncurated cases (tests/editorial/guard/cases/guard_cases.json): {cases_held} of "
          f"{cases_total} hold")
    ms, growth = _speed(rows)
    print(f"speed: {ms:.1f} ms per check of a {SPEED_WORDS}-word source (median of 30, one "
          f"process); memory growth over 200 further checks: {growth / 1024:.0f} KiB")

    final = dict(lines)["new guard, held-out folds"]
    macro = statistics.mean(final[d]["bacc"] for d in DATASETS)
    checks = [
        (macro >= FLOOR_MACRO, f"held-out macro bacc {macro:.3f} < {FLOOR_MACRO}"),
        (final["ragtruth_summary"]["bacc"] >= FLOOR_RAGTRUTH,
         f"held-out ragtruth bacc {final['ragtruth_summary']['bacc']:.3f} < {FLOOR_RAGTRUTH}"),
        (final["frank_cnndm"]["bacc"] >= FLOOR_FRANK_CNNDM,
         f"held-out frank_cnndm bacc {final['frank_cnndm']['bacc']:.3f} < "
         f"{FLOOR_FRANK_CNNDM}"),
        (sentence >= FLOOR_SENTENCE_F1, f"sentence F1 {sentence:.2f} < {FLOOR_SENTENCE_F1}"),
        (flagged <= FLOOR_FAITHFUL_FLAGGED,
         f"{flagged:.2f} of faithful RAGTruth flagged > {FLOOR_FAITHFUL_FLAGGED}"),
        (cases_held == cases_total, f"{cases_total - cases_held} curated case(s) fail"),
        (ms <= FLOOR_MS_PER_CHECK, f"{ms:.1f} ms per check > {FLOOR_MS_PER_CHECK}"),
        (growth < 4 * 1024 * 1024, f"memory grew {growth / 1024:.0f} KiB"),
    ]
    failures = [message for ok, message in checks if not ok]
    print(f"floors: held-out macro >= {FLOOR_MACRO}, ragtruth >= {FLOOR_RAGTRUTH}, "
          f"frank_cnndm >= {FLOOR_FRANK_CNNDM}, sentence F1 >= {FLOOR_SENTENCE_F1}, "
          f"faithful RAGTruth flagged <= {FLOOR_FAITHFUL_FLAGGED}, every "
          f"curated case, <= {FLOOR_MS_PER_CHECK:.0f} ms/check: "
          + ("; ".join(failures) or "all kept"))
    return 1 if failures and not args.no_floors else 0


def curated(path: Path = CASES) -> tuple[int, int]:
    """How many curated cases hold: a rewrite that must pass passes (nothing stops it); a
    planted error is reported as a fact problem."""
    held = total = 0
    for story in json.loads(path.read_text(encoding="utf-8"))["stories"]:
        for case in story["cases"]:
            judgement = check_text(case["text"], [story["source"]], labels=[story["label"]])
            ok = judgement.passed if case["expect"] == "pass" else not judgement.consistent
            total += 1
            held += ok
            if not ok:
                print(f"  curated case {case['id']} ({case['kind']}) does not hold: "
                      f"{[(p.kind, p.span) for p in judgement.problems]}")
    return held, total


def _legacy(rows: list[Row]) -> dict[str, list[bool]]:
    """The current guard: rules + legacy classifier, shipped and on held-out folds."""
    drafts = [Draft.text(r.generated, [r.source], judge=True) for r in rows]
    rules = [any(True for _ in unsupported_facts(d)) for d in drafts]
    legacy_model = legacy_weights()
    shipped = [rule or legacy_model.flags(d.whole_analysis.features)
               for rule, d in zip(rules, drafts, strict=True)]
    idx = [i for i, r in enumerate(rows) if r.dataset in TRAINABLE]
    trainable = [rows[i] for i in idx]
    held = list(shipped)
    for i, flagged in zip(idx, legacy_cv(trainable, legacy_features(trainable)), strict=True):
        held[i] = rules[i] or flagged
    return {"shipped": shipped, "held": held}


def _recorded(figures: dict[str, tuple[float, float, float, float]]) -> Flags:
    return {d: dict(zip(("bacc", "precision", "recall", "f1"), figures[d], strict=True))
            for d in DATASETS}


def _per_dataset(rows: Sequence[Row], flags: Sequence[bool]) -> Flags:
    return {d: scores([r.inconsistent for r in rows if r.dataset == d],
                      [f for r, f in zip(rows, flags, strict=True) if r.dataset == d])
            for d in DATASETS}


def _print_table(lines: list[tuple[str, Flags]]) -> None:
    head = f"{'method':34}" + "".join(f" | {d[:18]:^20}" for d in DATASETS) + " | macro"
    print(head)
    print(f"{'':34}" + " | bacc    P    R   F1 " * len(DATASETS) + " |  bacc    F1")
    print("-" * len(head))
    for name, per in lines:
        cells = "".join(
            f" | {per[d]['bacc']:.3f} {per[d]['precision']:.2f} {per[d]['recall']:.2f} "
            f"{per[d]['f1']:.2f}" for d in DATASETS)
        macro = statistics.mean(per[d]["bacc"] for d in DATASETS)
        f1 = statistics.mean(per[d]["f1"] for d in DATASETS)
        print(f"{name:34}{cells} | {macro:.3f}  {f1:.2f}")


def _print_curve(examples: Sequence[train_guard.Example],
                 held: Sequence[tuple[float, bool]]) -> float:
    """The curve over one threshold for every fold, then each fold's own threshold (read
    from its training rows: the shipped rule). Returns the share of faithful flagged there."""
    print("\nRAGTruth operating curve (held-out folds; findings always flag):")
    print("  threshold  faithful flagged  unfaithful caught  bacc")
    labels = [e.row.inconsistent for e in examples]

    def line(name: str, flags: Sequence[bool]) -> float:
        s = scores(labels, flags)
        good = [f for bad, f in zip(labels, flags, strict=True) if not bad]
        print(f"  {name:>9}  {sum(good) / len(good):16.2f}  {s['recall']:17.2f}  "
              f"{s['bacc']:.3f}")
        return sum(good) / len(good)

    for t in (0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.9, 1.01):
        line(f"{t:.2f}", [p >= t or e.hard for e, (p, _) in zip(examples, held, strict=True)])
    flagged = line("per fold", [f for _, f in held])
    print(f"  (per fold: each fold's threshold stops at most "
          f"{train_guard.FAITHFUL_FLAGGED:.0%} of its training pool's faithful RAGTruth rows; "
          f"shipped threshold {models().threshold:.3f})")
    return flagged


def _sentence_level(examples: Sequence[train_guard.Example], chosen: Sequence[Models]
                    ) -> float:
    """Rows whose every sentence has a label (label-1 rows, label-0 rows with spans)."""
    ours: list[tuple[bool, bool]] = []
    loose: list[tuple[bool, bool]] = []
    baseline: list[tuple[bool, bool]] = []
    for e, m in zip(examples, chosen, strict=True):
        if any(label is None for label in e.sentence_labels):
            continue
        traced = trace(analyse(summary_parts(claims_of(e.row.generated)),
                               [SourceText("source", e.row.source)]), m)
        source_stems = {stem(t.text) for t in tokens(e.row.source)}
        folded = fold(e.row.source)
        for sentence, label in zip(traced.sentences, e.sentence_labels, strict=True):
            ours.append((bool(label), sentence.verdict == "unsupported"))
            loose.append((bool(label), sentence.verdict != "supported"))
            novel = any(t.lower not in STOPWORDS and len(t.text) > 2
                        and stem(t.text) not in source_stems and t.lower not in folded
                        for t in tokens(sentence.sentence))
            baseline.append((bool(label), novel))
    print("\nsentence level, RAGTruth rows with spans (held-out folds):")
    print("  method                                   n     P     R    F1")
    f1 = 0.0
    for name, pairs in (("new guard: verdict 'unsupported'", ours),
                        ("new guard: verdict not 'supported'", loose),
                        ("baseline: any content word not in source", baseline)):
        got = scores([y for y, _ in pairs], [f for _, f in pairs])
        print(f"  {name:40} {got['n']:4.0f}  {got['precision']:.2f}  {got['recall']:.2f}  "
              f"{got['f1']:.2f}")
        f1 = f1 or got["f1"]
    return f1


def _speed(rows: list[Row]) -> tuple[float, int]:
    """A real source cut or repeated to 700 words, checked with a 100-word summary."""
    longest = max(rows, key=lambda r: len(r.source.split()))
    words = longest.source.split()
    text = " ".join((words * (SPEED_WORDS // len(words) + 1))[:SPEED_WORDS])
    summary = " ".join(longest.generated.split()[:100])
    source = [text]
    check_text(summary, source)  # load the weights outside the timing
    times = []
    for _ in range(30):
        start = time.perf_counter()
        check_text(summary, source)
        times.append((time.perf_counter() - start) * 1000)
    tracemalloc.start()
    check_text(summary, source)
    before = tracemalloc.get_traced_memory()[0]
    for _ in range(200):
        check_text(summary, source)
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return statistics.median(times), max(0, after - before)


if __name__ == "__main__":
    sys.exit(main())
