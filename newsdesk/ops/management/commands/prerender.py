"""newsdesk prerender: render published pages into the pages folder (after a deploy)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from newsdesk.prerender.refresh import refresh, refresh_all


class Command(BaseCommand):
    help = ("Render the index and every published article page into the pages folder, or only "
            "the URL paths given. Run after an upgrade that changed templates or CSS.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="*", help="URL paths such as /articles/some-slug/")

    def handle(self, *args: Any, paths: list[str], **options: Any) -> None:
        if paths:
            for path, outcome in refresh(paths).items():
                self.stdout.write(f"{outcome}: {path}")
            return
        self.stdout.write(f"{refresh_all()} pages rendered")
