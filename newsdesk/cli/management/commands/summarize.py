"""newsdesk summarize: an article on stdin, its extractive summary on stdout.

Benchmarks and outside tools call it exactly so; it needs no database.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from newsdesk.editorial.summary.extractive import LENGTHS, Summary, bullets, summarize

# "bullets" shows the standard three sentences as a list; it is a layout, not a length.
CHOICES = [*LENGTHS, "bullets"]


def as_json(summary: Summary, as_bullets: bool = False) -> dict[str, Any]:
    return {
        "summary": bullets(summary) if as_bullets else summary.text,
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
        size.add_argument("--length", choices=CHOICES,
                          help="short (1 sentence), standard (3), long (5) or bullets (3, "
                               "one per line as a bulleted list).")
        parser.add_argument("--title", default="", help="The article's headline, if known.")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--json", action="store_true", help="Print a JSON object.")
        mode.add_argument("--jsonl", action="store_true",
                          help='Read {"id","article","title"?} lines; '
                               'write {"id","summary"} lines.')

    def handle(self, *args: Any, sentences: int | None, length: str | None, title: str,
               json: bool, jsonl: bool, **options: Any) -> None:
        as_bullets = length == "bullets"
        standard = LENGTHS["standard"]
        count = sentences if sentences is not None else LENGTHS.get(length or "", standard)
        if count < 1:
            raise CommandError("--sentences must be at least 1")
        if jsonl:
            self._jsonl(count, as_bullets)
            return
        text = sys.stdin.read()
        try:
            summary = summarize(text, title=title, sentences=count)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if json:
            self.stdout.write(_dumps(as_json(summary, as_bullets)))
            return
        if summary.note:
            self.stderr.write(f"note: {summary.note}")
        if as_bullets:
            self.stdout.write(bullets(summary))
        else:
            self.stdout.write("\n".join(s.text for s in summary.sentences))

    def _jsonl(self, count: int, as_bullets: bool) -> None:
        """One output line per input line; a bad line gets an error line, the rest go on."""
        failed = 0
        for number, line in enumerate(sys.stdin, start=1):
            if not line.strip():
                continue
            record_id: Any = None
            try:
                record = _loads(line)
                if not isinstance(record, dict):
                    raise TypeError("expected a JSON object")
                record_id = record.get("id")
                article, title = record.get("article"), record.get("title") or ""
                if not isinstance(article, str) or not isinstance(title, str):
                    raise TypeError('"article" (and "title", if given) must be strings')
                summary = summarize(article, title=title, sentences=count)
            except (ValueError, TypeError) as exc:
                failed += 1
                self.stderr.write(f"line {number}: {exc}")
                self.stdout.write(_dumps({"id": record_id, "error": str(exc)}))
                continue
            text = bullets(summary) if as_bullets else summary.text
            line_out: dict[str, Any] = {"id": record_id, "summary": text}
            if summary.note:  # say what was done with odd input (non-English, too short)
                line_out["note"] = summary.note
            self.stdout.write(_dumps(line_out))
        if failed:
            raise CommandError(f"{failed} line(s) could not be summarized (see above)")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _loads(line: str) -> Any:
    return json.loads(line)
