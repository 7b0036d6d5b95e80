"""kill -9 in the middle of real work, restart: nothing lost, nothing stored twice."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from tests.loopback import Route, loopback_server
from tests.support.cli import NEWSDESK, command_env, migrated, newsdesk
from tests.support.feeds import rss_feed

ITEMS = 1000  # the most entries one feed document gives (reader.feeds.MAX_ENTRIES)


def count(db: Path, sql: str) -> int:
    with sqlite3.connect(db, timeout=30) as conn:
        return int(conn.execute(sql).fetchone()[0])


def kill_when(process: subprocess.Popen[str], ready: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        assert process.poll() is None, "the process ended before it could be killed"
        assert time.monotonic() < deadline, "the work never got going"
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def test_ingest_killed_midway_then_rerun_stores_every_item_once(tmp_path: Path) -> None:
    db = migrated(tmp_path / "crash.sqlite3")
    routes = {"/big.xml": Route(rss_feed(ITEMS, seed=7),
                                headers={"Content-Type": "application/rss+xml"})}
    stored = "select count(*) from articles_sourceitem"
    with loopback_server(routes) as server:
        url = server.url("/big.xml")
        process = subprocess.Popen([NEWSDESK, "ingest", url], env=command_env(db),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   text=True)
        kill_when(process, lambda: count(db, stored) >= 200, timeout=120)
        assert process.returncode == -signal.SIGKILL
        at_kill = count(db, stored)
        assert 200 <= at_kill < ITEMS, at_kill

        rerun = newsdesk(db, "ingest", url, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert count(db, stored) == ITEMS
    assert count(db, "select count(distinct key) from articles_sourceitem") == ITEMS
    # An item killed mid-write was rolled back whole: none lacks its band index.
    assert count(db, "select count(distinct item_id) from articles_storyband") == ITEMS
    new = ITEMS - at_kill
    assert f"{new} new" in rerun.stdout and f"{at_kill} unchanged" in rerun.stdout


def test_worker_killed_while_processing_leaves_nothing_stuck(tmp_path: Path) -> None:
    db = migrated(tmp_path / "worker.sqlite3")
    folder = tmp_path / "releases"
    folder.mkdir()
    for n in range(30):
        (folder / f"{n:02}.txt").write_text(
            f"Title: Release {n}\n\nThe Harlow council approved grant number {n} worth "
            f"{n + 1}.5 million on Monday. The money pays for {n + 3} new classrooms "
            f"in district {n}, officials said.", encoding="utf-8")
    assert newsdesk(db, "ingest", str(folder)).returncode == 0
    assert newsdesk(db, "process", "--enqueue-only").returncode == 0

    done = "select count(*) from articles_sourceitem where status = 'done'"
    worker = subprocess.Popen([NEWSDESK, "db_worker", "--no-startup-delay", "--interval", "0.1",
                               "--no-reload"], env=command_env(db),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)
    kill_when(worker, lambda: count(db, done) >= 5, timeout=120)
    assert count(db, done) < 30

    # Restart with a short lease: a claim the dead worker held is taken back.
    time.sleep(1.1)
    rerun = newsdesk(db, "process", NEWSDESK_CLAIM_LEASE_SECONDS="1", timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert count(db, done) == 30
    assert count(db, "select count(*) from articles_article") == 30
    assert count(db, "select count(distinct source_item_id) from articles_article") == 30
