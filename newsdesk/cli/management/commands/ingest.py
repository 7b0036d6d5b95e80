"""newsdesk ingest URL|PATH…: read feeds, files or folders into stored source items."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from newsdesk.cli.progress import progress_bar
from newsdesk.cli.reports import ingest_table, outcome_line, print_table
from newsdesk.intake.reports import IngestReport
from newsdesk.intake.services import ingest_target


class Command(BaseCommand):
    help = "Ingest RSS/Atom feed URLs, files or folders of source items."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("targets", nargs="+", metavar="URL|PATH")
        parser.add_argument("--outlet", default="", help="Outlet name shown in [Source: …].")
        parser.add_argument("--quiet", action="store_true", help="No summary table.")

    def handle(self, *args: Any, targets: list[str], outlet: str, quiet: bool,
               **options: Any) -> None:
        reports: list[IngestReport] = []
        with progress_bar() as progress:
            overall = progress.add_task("sources", total=len(targets))
            for target in targets:
                items = progress.add_task(f"  {target[-60:]}", total=None)
                report = ingest_target(
                    target, outlet=outlet, on_item=partial(progress.advance, items)
                )
                progress.remove_task(items)
                progress.advance(overall)
                reports.append(report)
                progress.console.file.flush()
                self.stdout.write(outcome_line(report))
                for error in report.errors:
                    self.stderr.write(f"  error: {error}")
        if not quiet:
            print_table(ingest_table(reports))
        if all(r.fatal for r in reports):
            raise CommandError("every target failed")
