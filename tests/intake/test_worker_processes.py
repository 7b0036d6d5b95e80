"""Several `newsdesk db_worker` processes on one queue: a source refreshed by all of them at
once stores each item once, and each item gets one article (on SQLite and PostgreSQL)."""

from __future__ import annotations

import os
import subprocess
from typing import Any

import pytest
from django.db import connection

from newsdesk.articles.models import Article
from newsdesk.articles.tasks import refresh_source_task
from newsdesk.intake.models import FetchAttempt, Source, SourceItem
from tests.loopback import Route, loopback_server
from tests.support.cli import NEWSDESK
from tests.support.feeds import rss_feed

pytestmark = pytest.mark.django_db(transaction=True)

ITEMS = 40


def database_url() -> str:
    """The URL of the test database this test is using, for the worker processes."""
    db: dict[str, Any] = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return (f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}")


def test_three_worker_processes_share_one_queue() -> None:
    routes = {"/feed.xml": Route(rss_feed(ITEMS, seed=11),
                                 headers={"Content-Type": "application/rss+xml"})}
    env = {**os.environ, "DATABASE_URL": database_url(), "NEWSDESK_LOG_LEVEL": "WARNING",
           "NEWSDESK_FETCH_ALLOW_NETWORKS": "127.0.0.1/32"}
    with loopback_server(routes) as server:
        source = Source.objects.create(name="Feed", kind="feed", location=server.url("/feed.xml"))
        for _ in range(3):
            refresh_source_task.enqueue(source.pk)
        connection.close()  # let the workers have the database
        workers = [subprocess.Popen([NEWSDESK, "db_worker", "--batch", "--no-startup-delay",
                                     "--no-reload", "--worker-id", f"w{n}"], env=env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                    text=True) for n in range(3)]
        for worker in workers:
            _, err = worker.communicate(timeout=600)
            assert worker.returncode == 0, err
    assert FetchAttempt.objects.filter(source=source).count() == 3
    assert SourceItem.objects.filter(source=source).count() == ITEMS
    assert SourceItem.objects.filter(status=SourceItem.Status.DONE).count() == ITEMS
    # One article per story, and one per item that is in no story.
    stories = set(SourceItem.objects.filter(story__isnull=False).values_list("story_id",
                                                                             flat=True))
    alone = SourceItem.objects.filter(story__isnull=True).count()
    assert Article.objects.count() == len(stories) + alone
    assert Article.objects.values("source_item").distinct().count() == Article.objects.count()
