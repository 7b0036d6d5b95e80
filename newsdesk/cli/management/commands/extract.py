"""newsdesk extract URL|FILE [--json]: the main text of one web page, as ingest sees it."""

from __future__ import annotations

import json as jsonlib
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from newsdesk import conf
from newsdesk.reader.extract import extract_page
from newsdesk.reader.fetch import FetchError
from newsdesk.reader.robots import fetch_page


class Command(BaseCommand):
    help = "Print the main text of a web page (URL or saved HTML file)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("target", metavar="URL|FILE")
        parser.add_argument(
            "--json", action="store_true",
            help="Print text, title, author, date, outlet and language as JSON.",
        )

    def handle(self, *args: Any, target: str, json: bool, **options: Any) -> None:
        if target.startswith(("http://", "https://")):
            try:
                result = fetch_page(target, conf.options().fetch)
            except FetchError as error:
                raise CommandError(str(error)) from error
            page = extract_page(
                result.content, url=result.final_url, content_type=result.content_type
            )
        else:
            path = Path(target)
            try:
                data = path.read_bytes()
            except OSError as error:
                raise CommandError(f"{target}: {error.strerror or error}") from error
            page = extract_page(data)
        if json:
            self.stdout.write(_dumps(page.as_dict()))
        elif page.text:
            self.stdout.write(page.text)
        else:
            raise CommandError(f"{target}: no main text found")


def _dumps(value: dict[str, str]) -> str:
    return jsonlib.dumps(value, ensure_ascii=False, indent=2)
