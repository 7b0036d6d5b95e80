"""`newsdesk run`: web, worker and scheduler start together, work, and stop on SIGTERM."""

from __future__ import annotations

import signal
import socket
import sqlite3
import subprocess
import time
import urllib.request
from pathlib import Path

from tests.support.cli import NEWSDESK, command_env, migrated, newsdesk


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def published(db: Path) -> int:
    with sqlite3.connect(db, timeout=30) as conn:
        return int(conn.execute(
            "select count(*) from articles_article where status = 'published'").fetchone()[0])


def test_run_refreshes_processes_serves_and_stops_cleanly(tmp_path: Path) -> None:
    db = migrated(tmp_path / "run.sqlite3")
    folder = tmp_path / "releases"
    folder.mkdir()
    (folder / "pier.txt").write_text(
        "Title: Pier reopens\nOutlet: Skellan Council\n\nThe Skellan pier reopens on 2 June "
        "after repairs costing 1.2 million. \"It is ready,\" said engineer Oona Reyes.",
        encoding="utf-8")
    # Register the folder as a source without processing it; the scheduler takes it from here.
    assert newsdesk(db, "ingest", str(tmp_path / "nothing-yet")).returncode != 0
    with sqlite3.connect(db) as conn:
        conn.execute("update sources_source set location = ?, next_check_at = null",
                     (str(folder),))
    port = free_port()
    run = subprocess.Popen([NEWSDESK, "run", "--port", str(port), "--schedule-every", "0.5"],
                           env=command_env(db), stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 120
        while published(db) < 1:
            assert run.poll() is None, run.stdout.read() if run.stdout else ""
            assert time.monotonic() < deadline, "the scheduled refresh never published"
            time.sleep(0.3)
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
                    assert "Pier reopens" in page.read().decode()
                    break
            except OSError:
                assert time.monotonic() < deadline, "the web server never answered"
                time.sleep(0.3)
    finally:
        run.send_signal(signal.SIGTERM)
        output, _ = run.communicate(timeout=60)
    assert run.returncode == 0, output
    with sqlite3.connect(db) as conn:
        attempts = conn.execute("select outcome, items_new from sources_fetchattempt "
                                "order by id").fetchall()
    assert attempts[-1] == ("ok", 1)
    # Nothing left listening: the web child stopped with the parent.
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0
