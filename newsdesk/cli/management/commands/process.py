"""newsdesk process: rewrite, check and publish pending source items through the task queue.

Items are enqueued as django-tasks; unless --enqueue-only, a worker then drains the queue
in this process — the same task code that `newsdesk db_worker` runs on other machines.
"""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

from newsdesk.articles.models import Article
from newsdesk.articles.tasks import process_item_task
from newsdesk.cli.progress import progress_bar
from newsdesk.cli.reports import print_table, process_table
from newsdesk.intake.claims import reclaim_stale
from newsdesk.intake.models import SourceItem


class Command(BaseCommand):
    help = "Rewrite, check and publish every pending source item."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enqueue-only", action="store_true",
                            help="Only enqueue; let `newsdesk db_worker` processes do the work.")
        parser.add_argument("--retry-failed", action="store_true",
                            help="Put failed items back in the queue first.")
        parser.add_argument("--quiet", action="store_true", help="No summary table.")

    def handle(self, *args: Any, enqueue_only: bool, retry_failed: bool, quiet: bool,
               **options: Any) -> None:
        reclaim_stale()  # items a killed worker left in "processing" go back in the queue
        if retry_failed:
            SourceItem.objects.filter(status=SourceItem.Status.FAILED).update(
                status=SourceItem.Status.PENDING, error=""
            )
        pending = list(
            SourceItem.objects.filter(status=SourceItem.Status.PENDING)
            .order_by("published_at", "id")
            .values_list("id", flat=True)
        )
        for item_id in pending:
            process_item_task.enqueue(item_id)
        self.stdout.write(f"enqueued {len(pending)} item(s)")
        if enqueue_only or not pending:
            return
        with progress_bar() as progress:
            bar = progress.add_task("processing items", total=len(pending))
            done = threading.Event()
            watcher = threading.Thread(target=_watch, args=(pending, done, progress, bar),
                                       daemon=True)
            watcher.start()
            try:
                call_command("db_worker", batch=True, startup_delay=False, reload=False,
                             queue_name="*", verbosity=0)
            finally:
                done.set()
                watcher.join(timeout=5)
        outcomes: Counter[str] = Counter()
        for item in SourceItem.objects.filter(id__in=pending).prefetch_related("articles"):
            article = item.articles.first()
            outcomes[article.status if article else f"item {item.status}"] += 1
            if item.status == SourceItem.Status.FAILED:
                self.stderr.write(f"  failed: item {item.pk} ({item.title}): {item.error}")
        if not quiet:
            print_table(process_table(outcomes))
        published = Article.objects.published().count()
        self.stdout.write(f"{published} article(s) published in all")


def _watch(pending: list[int], done: threading.Event, progress: Any, bar: Any) -> None:
    """Move the bar as items leave the queue (the worker runs in this thread's process)."""
    waiting = (SourceItem.Status.PENDING, SourceItem.Status.PROCESSING)
    try:
        while not done.wait(0.5):
            left = SourceItem.objects.filter(id__in=pending, status__in=waiting).count()
            progress.update(bar, completed=len(pending) - left)
    finally:
        connection.close()
