"""newsdesk run: web, task worker(s) and scheduler together — the whole site on one machine."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from newsdesk.cli.runtime import run


class Command(BaseCommand):
    help = "Serve the site, run task workers and the refresh scheduler until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=1, help="Task worker processes.")
        parser.add_argument("--schedule-every", type=float, default=30.0,
                            help="Seconds between scheduler rounds.")

    def handle(self, *args: Any, host: str, port: int, workers: int, schedule_every: float,
               **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(f"newsdesk run: web on http://{host}:{port}/, {workers} worker(s), "
                          f"scheduler every {schedule_every:g}s (Ctrl+C to stop)")
        self.stdout.flush()
        sys.exit(run(host, port, workers=workers, schedule_every=schedule_every))
