"""newsdesk demo: a fresh site from the bundled sources, no network and no API key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

import newsdesk
from newsdesk.cli.serving import serve

DEMO_SOURCES = Path(newsdesk.__file__).parent / "demo" / "sources"


class Command(BaseCommand):
    help = "Create the database, ingest and publish the bundled demo sources, then serve."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="Stop after publishing.")

    def handle(self, *args: Any, host: str, port: int, no_serve: bool, **options: Any) -> None:
        self.stdout.write("1/3 creating the database")
        call_command("migrate", interactive=False, verbosity=0)
        # Before anything is published: pages are pre-rendered at publish time and link
        # to the static files by their hashed names, which collecting writes down.
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"2/3 ingesting the demo sources from {DEMO_SOURCES}")
        call_command("ingest", str(DEMO_SOURCES), quiet=True)
        self.stdout.write("3/3 rewriting, checking, summarizing and publishing")
        call_command("process")
        if not no_serve:
            serve(host, port, workers=1)
