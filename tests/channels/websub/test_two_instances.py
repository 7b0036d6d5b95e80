"""Two newsdesk instances on loopback and a real WebSub hub between them: the publisher
pings the hub when it publishes, the hub pushes the feed to the subscriber, and the
subscriber stores the new article within seconds — without polling the feed again.

Each instance is a real `newsdesk run` (web server, task worker, scheduler) on a SQLite
database of its own; the hub is Flask-WebSub's (tests/support/websub_hub.py).
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tests.cli.test_run import free_port
from tests.support.cli import NEWSDESK, command_env, migrated, newsdesk
from tests.support.websub_hub import websub_hub

RELEASE = ("Title: {title}\nOutlet: Skellan Council\n\n{title}. The Skellan council "
           "said on Monday that the work would cost {cost} million and take {months} "
           "months. \"We are ready,\" said engineer Oona Reyes.")


def query(db: Path, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db, timeout=30) as conn:
        return conn.execute(sql, args).fetchall()


def wait_for(what: str, check: Callable[[], bool], processes: list[subprocess.Popen[str]],
             seconds: float = 90) -> float:
    """Poll ``check`` until it holds (returns the seconds it took); fail with ``what`` when
    it does not within ``seconds`` or when an instance died."""
    started = time.monotonic()
    while not check():
        for process in processes:
            assert process.poll() is None, process.stdout.read() if process.stdout else ""
        assert time.monotonic() - started < seconds, f"timed out waiting: {what}"
        time.sleep(0.2)
    return time.monotonic() - started


def answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
            return bool(page.status == 200)
    except OSError:
        return False


@contextmanager
def instance(db: Path, port: int, **env: str) -> Iterator[subprocess.Popen[str]]:
    run = subprocess.Popen(
        [NEWSDESK, "run", "--port", str(port), "--schedule-every", "0.5"],
        env=command_env(db, NEWSDESK_SITE_URL=f"http://127.0.0.1:{port}", **env),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        yield run
    finally:
        run.send_signal(signal.SIGTERM)
        run.communicate(timeout=60)


def test_a_publication_is_pushed_through_the_hub_to_the_other_instance(tmp_path: Path
                                                                       ) -> None:
    for name in ("publisher", "subscriber"):
        (tmp_path / name).mkdir()
    publisher_db = migrated(tmp_path / "publisher" / "db.sqlite3")
    subscriber_db = migrated(tmp_path / "subscriber" / "db.sqlite3")
    releases = tmp_path / "releases"
    releases.mkdir()
    (releases / "pier.txt").write_text(
        RELEASE.format(title="Skellan pier reopens", cost="1.2", months="4"), encoding="utf-8")
    # The publisher's source: a folder the scheduler reads (registered, not yet read).
    assert newsdesk(publisher_db, "ingest", str(tmp_path / "nothing-yet")).returncode != 0
    query(publisher_db, "update sources_source set location = ?, next_check_at = null",
          str(releases))

    with websub_hub(tmp_path) as hub:
        publisher_port, subscriber_port = free_port(), free_port()
        feed = f"http://127.0.0.1:{publisher_port}/feeds/rss.xml"
        # Both start at once: each collects its static files before it serves.
        with instance(publisher_db, publisher_port, NEWSDESK_WEBSUB_HUBS=hub.url) as publisher, \
                instance(subscriber_db, subscriber_port) as subscriber:
            both = [publisher, subscriber]
            wait_for("the publisher's first article", lambda: bool(query(
                publisher_db, "select 1 from articles_article where status = 'published'")),
                both)
            wait_for("both web servers", lambda: answers(publisher_port)
                     and answers(subscriber_port), both)
            # The subscriber adds the publisher's feed: read once, it names the hub.
            added = newsdesk(subscriber_db, "ingest", feed, "--quiet")
            assert added.returncode == 0, added.stderr
            assert query(subscriber_db, "select title from articles_sourceitem") == [
                ("Skellan pier reopens",)]
            wait_for("the hub to verify the subscription", lambda: query(
                subscriber_db, "select state from websub_subscription") == [("active",)],
                both)
            [(topic, next_check)] = query(
                subscriber_db, "select w.topic, s.next_check_at from websub_subscription w "
                "join sources_source s on s.id = w.source_id")
            assert topic == feed
            polled_next = datetime.fromisoformat(next_check).replace(tzinfo=UTC)
            assert polled_next > datetime.now(UTC) + timedelta(hours=20)  # a safety net
            polls = query(subscriber_db, "select count(*) from sources_fetchattempt")[0][0]

            # The publisher publishes a second article.
            (releases / "ferry.txt").write_text(RELEASE.format(
                title="Night ferry to Dunmore returns", cost="0.8", months="2"),
                encoding="utf-8")
            query(publisher_db, "update sources_source set next_check_at = null")
            wait_for("the publisher's second article", lambda: query(
                publisher_db, "select count(*) from articles_article "
                "where status = 'published'")[0][0] == 2, both)
            took = wait_for("the push to reach the subscriber", lambda: bool(query(
                subscriber_db, "select 1 from articles_sourceitem "
                "where title = 'Night ferry to Dunmore returns'")), both, seconds=30)
            assert took < 30

            pushes = query(subscriber_db, "select outcome from websub_push")
            assert ("ingested",) in pushes and ("refused",) not in pushes
            # Stored by the push (one attempt more, marked by no HTTP fetch of its own),
            # not by a poll: the source's next poll is still a day away.
            assert query(subscriber_db, "select count(*) from sources_fetchattempt"
                         )[0][0] == polls + len(pushes)
            [(still_next,)] = query(subscriber_db,
                                    "select next_check_at from sources_source")
            assert datetime.fromisoformat(still_next).replace(tzinfo=UTC) > datetime.now(
                UTC) + timedelta(hours=20)
            # The publisher told the hub, and the hub took it.
            pings = query(publisher_db, "select topic, last_status from websub_hubping "
                          "where pinged_at is not null")
            assert (feed, 202) in pings
