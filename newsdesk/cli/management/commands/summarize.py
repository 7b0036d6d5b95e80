"""newsdesk summarize: an article on stdin, its extractive summary on stdout.

Benchmarks and outside tools call it exactly so; it needs no database.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from newsdesk.editorial.summarize import LENGTHS, Summary, summarize


def as_json(summary: Summary) -> dict[str, Any]:
    return {
        "summary": summary.text,
        "sentences": [{"text": s.text, "paragraph": s.paragraph} for s in summary.sentences],
        "method": summary.method,
        "note": summary.note,
    }


class Command(BaseCommand):
    help = "Summarize the article read from stdin."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        size = parser.add_mutually_exclusive_group()
        size.add_argument("--sentences", type=int, help="How many sentences (default 3).")
        size.add_argument("--length", choices=sorted(LENGTHS),
                          help="short, standard or long.")
        parser.add_argument("--title", default="", help="The article's headline, if known.")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--json", action="store_true", help="Print a JSON object.")
        mode.add_argument("--jsonl", action="store_true",
                          help='Read {"id","article","title"?} lines; '
                               'write {"id","summary"} lines.')

    def handle(self, *args: Any, sentences: int | None, length: str | None, title: str,
               json: bool, jsonl: bool, **options: Any) -> None:
        count = sentences if sentences is not None else LENGTHS[length or "standard"]
        if count < 1:
            raise CommandError("--sentences must be at least 1")
        if jsonl:
            self._jsonl(count)
            return
        text = sys.stdin.read()
        try:
            summary = summarize(text, title=title, sentences=count)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if json:
            self.stdout.write(_dumps(as_json(summary)))
            return
        if summary.note:
            self.stderr.write(f"note: {summary.note}")
        self.stdout.write("\n".join(s.text for s in summary.sentences))

    def _jsonl(self, count: int) -> None:
        for number, line in enumerate(sys.stdin, start=1):
            if not line.strip():
                continue
            try:
                record = _loads(line)
                summary = summarize(record["article"], title=record.get("title") or "",
                                    sentences=count)
            except (ValueError, KeyError, TypeError) as exc:
                raise CommandError(f"line {number}: {exc}") from exc
            self.stdout.write(_dumps({"id": record.get("id"), "summary": summary.text}))


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _loads(line: str) -> Any:
    return json.loads(line)
