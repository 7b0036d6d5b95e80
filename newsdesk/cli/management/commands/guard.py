"""newsdesk guard --jsonl: judge generated texts against their sources, one JSON line each.

Reads {"id","source","generated"} lines on stdin (and optionally "label", the source's name)
and writes {"id","passed","consistent","problems":[{"kind","span"}],"sentences":[…]} lines:
`passed` is false when anything would stop publication (a leaked prompt included),
`consistent` when no problem says the text states something its source does not, and
`sentences` is the provenance of each sentence (docs/guard.md). A bad line is named on
stderr with its line number and skipped; the other lines are still judged, and the exit
status says that something was skipped. Needs no database.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from newsdesk.editorial.guard import Verdict, check_text


def as_json(record_id: Any, verdict: Verdict) -> dict[str, Any]:
    return {
        "id": record_id,
        "passed": verdict.passed,
        "consistent": verdict.consistent,
        "problems": [{"kind": p.kind, "span": p.span} for p in verdict.problems],
        "sentences": verdict.sentences_json(),
    }


class Command(BaseCommand):
    help = "Check generated texts (JSON lines on stdin) against their sources."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--jsonl", action="store_true", required=True,
                            help='Read {"id","source","generated"} lines; write '
                                 '{"id","passed","consistent","problems","sentences"} lines.')
        parser.add_argument("--rules-only", action="store_true",
                            help="Leave out the trained text model's verdict; every "
                                 "sentence is still traced and checked.")

    def handle(self, *args: Any, rules_only: bool, **options: Any) -> None:
        bad = 0
        for number, line in enumerate(sys.stdin, start=1):
            if not line.strip():
                continue
            try:
                record = _record(line)
            except ValueError as exc:
                bad += 1
                self.stderr.write(f"line {number}: {exc}")
                continue
            verdict = check_text(record["generated"], [record["source"]], judge=not rules_only,
                                 labels=[record.get("label") or "source"])
            self.stdout.write(json.dumps(as_json(record.get("id"), verdict), ensure_ascii=False))
            self.stdout.flush()
        if bad:
            raise CommandError(f"{bad} line(s) could not be read; the others were checked")


def _record(line: str) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg} at column {exc.colno})") from exc
    if not isinstance(record, dict):
        raise ValueError("expected a JSON object")
    for key in ("source", "generated"):
        if not isinstance(record.get(key), str):
            raise ValueError(f'"{key}" must be a string')
    if record.get("label") is not None and not isinstance(record["label"], str):
        raise ValueError('"label" must be a string')
    return record
