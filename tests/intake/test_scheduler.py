"""The scheduler takes each due source once; concurrent workers never store an item twice."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from newsdesk.articles.tasks import refresh_source_task
from newsdesk.intake.models import FetchAttempt, Source, SourceItem
from newsdesk.intake.scheduler import take_due, tick
from newsdesk.intake.services import refresh_source
from tests.loopback import Route, loopback_server
from tests.support.factories import make_item
from tests.support.feeds import rss_feed

pytestmark = pytest.mark.django_db(transaction=True)


def make_source(name: str, **fields: Any) -> Source:
    return Source.objects.create(name=name, kind="files", location=f"/tmp/nowhere/{name}",
                                 **fields)


def in_threads(n: int, work: Callable[[], object]) -> list[object]:
    results: list[object] = []
    barrier = threading.Barrier(n)

    def run() -> None:
        barrier.wait()
        try:
            results.append(work())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(results) == n
    return results


def test_only_due_enabled_sources_are_taken_and_each_only_once() -> None:
    now = timezone.now()
    new = make_source("new")  # never checked: due
    due = make_source("due", next_check_at=now - timedelta(minutes=1))
    later = make_source("later", next_check_at=now + timedelta(hours=1))
    make_source("off", enabled=False)
    assert sorted(take_due()) == sorted([new.pk, due.pk])
    assert take_due() == []
    # The lease runs out when no refresh recorded an attempt (a dead worker): taken again.
    assert sorted(take_due(now + timedelta(hours=2))) == sorted([new.pk, due.pk, later.pk])


def test_concurrent_schedulers_split_due_sources() -> None:
    ids = {make_source(f"s{i}").pk for i in range(12)}
    taken = in_threads(4, take_due)
    flat = [source_id for batch in taken for source_id in batch]  # type: ignore[attr-defined]
    assert sorted(flat) == sorted(ids)


def test_concurrent_refreshes_of_one_source_store_each_item_once() -> None:
    body = rss_feed(200, seed=1)
    routes = {"/big.xml": Route(body, headers={"Content-Type": "application/rss+xml"})}
    with loopback_server(routes) as server:
        source = Source.objects.create(name="Big", kind="feed", location=server.url("/big.xml"))
        reports = in_threads(3, lambda: refresh_source(source.pk))
    assert SourceItem.objects.filter(source=source).count() == 200
    assert len(set(SourceItem.objects.values_list("key", flat=True))) == 200
    assert sum(r.counts["new"] for r in reports) == 200  # type: ignore[attr-defined]
    assert FetchAttempt.objects.filter(source=source).count() == 3


def test_tick_reclaims_dead_claims_and_enqueues_due_sources() -> None:
    source = make_source("due")
    stuck = make_item(status=SourceItem.Status.PROCESSING,
                      claimed_at=timezone.now() - timedelta(hours=2))
    refreshed: list[int] = []
    processed: list[int] = []
    tick(refreshed.append, processed.append)
    assert sorted(refreshed) == sorted([source.pk, stuck.source_id]) and processed == [stuck.pk]
    stuck.refresh_from_db()
    assert stuck.status == SourceItem.Status.PENDING


def test_refresh_task_runs_on_the_database_queue_and_queues_processing(tmp_path: Any) -> None:
    folder = tmp_path / "releases"
    folder.mkdir()
    (folder / "a.txt").write_text("Title: Pier reopens\n\nThe pier reopens on 2 June after "
                                  "repairs costing 1.2 million.", encoding="utf-8")
    source = Source.objects.create(name="Releases", kind="files", location=str(folder))
    refresh_source_task.enqueue(source.pk)
    call_command("db_worker", batch=True, startup_delay=False, reload=False, queue_name="*",
                 verbosity=0)
    item = SourceItem.objects.get(source=source)
    assert item.status == SourceItem.Status.DONE and item.articles.count() == 1
    assert FetchAttempt.objects.get(source=source).items_new == 1


def test_the_schedule_command_enqueues_due_sources_once_each() -> None:
    from django_tasks_db.models import DBTaskResult

    due, later = make_source("due now"), make_source("due later")
    Source.objects.filter(pk=later.pk).update(next_check_at=timezone.now() + timedelta(hours=1))
    out = StringIO()
    call_command("schedule", once=True, stdout=out)
    assert "1 source(s) due" in out.getvalue()
    queued = [r.args_kwargs["args"] for r in DBTaskResult.objects.all()]
    assert queued == [[due.pk]]
    call_command("schedule", once=True, stdout=StringIO())  # its lease holds: not again
    assert DBTaskResult.objects.count() == 1
