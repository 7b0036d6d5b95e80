"""newsdesk rewrite: a source on stdin, its checked rewrite on stdout; no database.

The same policy as the pipeline (retries, one repair, the fallback), the same house
style and guard, so what it prints is what the pipeline would store.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from newsdesk import conf
from newsdesk.editorial.rewrite.written import write_checked
from newsdesk.llm.base import LLMError, SourceDocument
from newsdesk.llm.registry import get_backends


class Command(BaseCommand):
    help = "Rewrite the source read from stdin and print the checked article."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--backend", help="A name from NEWSDESK_LLM_BACKENDS "
                                              "(default NEWSDESK_LLM_BACKEND).")
        parser.add_argument("--title", default="", help="The source's title.")
        parser.add_argument("--outlet", default="Source",
                            help="Label used in [Source: …] (default: Source).")
        parser.add_argument("--url", default="", help="The source's URL.")
        parser.add_argument("--json", action="store_true", help="Print a JSON object.")

    def handle(self, *args: Any, backend: str | None, title: str, outlet: str, url: str,
               json: bool, **options: Any) -> None:
        text = sys.stdin.read().strip()
        if not text:
            raise CommandError("no source text on stdin")
        llm = conf.options().llm
        try:
            primary, fallback = get_backends(backend or llm.backend, llm.fallback, llm.backends)
        except ValueError as exc:  # UnknownBackend, or a backend that cannot be built
            raise CommandError(str(exc)) from exc
        document = SourceDocument(label=outlet.strip() or "Source", url=url, title=title,
                                  text=text)
        try:
            written = write_checked([document], primary, fallback=fallback)
        except LLMError as exc:
            raise CommandError(str(exc)) from exc
        checked, made_by = written.checked, written.made_by
        result = {
            "headline": checked.headline,
            "paragraphs": list(checked.paragraphs),
            "attributions": [{"label": document.label, "url": url}],
            "made_by": made_by,
            "guard": {"passed": checked.passed, "score": checked.score,
                      "problems": [{"kind": p["kind"], "span": p["span"],
                                    "message": p["message"]} for p in checked.problems]},
        }
        if json:
            self.stdout.write(_dumps(result))
            return
        self.stdout.write(checked.headline + "\n")
        self.stdout.write("\n\n".join(checked.paragraphs))
        status = "passed" if checked.passed else f"{len(checked.problems)} problem(s)"
        self.stderr.write(f"made by {made_by}; guard {status}")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
