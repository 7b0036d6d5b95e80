"""`newsdesk schedule`: the refresh and briefing schedulers on their own, for many machines.

`newsdesk run` already runs it beside the web server on one machine. Several schedulers are
safe (each due source is taken with a conditional update), but one is enough.
"""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from newsdesk.articles.tasks import process_item_task, refresh_source_task
from newsdesk.channels.briefing import schedule as briefing
from newsdesk.cli.runtime import LOOPS
from newsdesk.intake.scheduler import tick


class Command(BaseCommand):
    help = "Enqueue refreshes of due sources (and reclaim stuck items) until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--every", type=float, default=30.0,
                            help="seconds between rounds (default 30)")
        parser.add_argument("--once", action="store_true", help="run one round and exit")

    def handle(self, *args: Any, **options: Any) -> None:
        from newsdesk.channels.briefing.tasks import enqueue_edition

        if options["once"]:
            sources, reclaimed = tick(refresh_source_task.enqueue, process_item_task.enqueue)
            editions = briefing.tick(enqueue_edition)
            self.stdout.write(f"{len(sources)} source(s) due, {len(reclaimed)} item(s) "
                              f"reclaimed, {len(editions)} briefing run(s) started")
            return
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        self.stdout.write(f"scheduling every {options['every']:g}s; Ctrl-C stops")
        loops = [threading.Thread(target=loop, args=(stop,), kwargs={"every": options["every"]},
                                  daemon=True) for loop in LOOPS]
        for loop in loops:
            loop.start()
        while not stop.wait(0.5):
            pass
        for loop in loops:
            loop.join(timeout=15)
