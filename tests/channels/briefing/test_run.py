"""`newsdesk run` sends the day's briefing by itself, and a restart does not send it again."""

from __future__ import annotations

import signal
import socket
import sqlite3
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.smtp_server import smtp_server
from tests.support.cli import NEWSDESK, command_env, migrated, newsdesk


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_run_sends_the_briefing_at_its_time_and_a_restart_sends_nothing(tmp_path: Path) -> None:
    db = migrated(tmp_path / "run.sqlite3")
    folder = tmp_path / "releases"
    folder.mkdir()
    for n, title in enumerate(("Pier reopens after repairs", "Ferry timetable changes")):
        (folder / f"{n}.txt").write_text(
            f"Title: {title}\nOutlet: Skellan Council\n\nThe Skellan council said on Monday "
            f"that work number {n + 1} costs 1.2 million and ends on 2 June.", encoding="utf-8")
    assert newsdesk(db, "ingest", str(folder)).returncode == 0
    assert newsdesk(db, "process").returncode == 0
    # With the send time at 00:00 the due briefing is today's, holding yesterday's articles;
    # one article there and one now, so that either side of midnight there is one to send.
    now = datetime.now(UTC)
    before_midnight = datetime.combine(now.date(), datetime.min.time(), UTC) - timedelta(hours=1)
    with sqlite3.connect(db) as conn:
        first = conn.execute("select min(id) from articles_article").fetchone()[0]
        conn.execute("update articles_article set published_at = ? where id = ?",
                     (before_midnight.isoformat(), first))
        conn.execute(
            "insert into briefing_subscriber (email, address_key, mailbox_key, status, "
            "all_sections, requested_all, requested_sections, confirm_token_hash, "
            "unsubscribe_nonce, created_at, confirmed_at, bounce_reason) values "
            "('reader@readers.example.test', 'reader@readers.example.test', "
            "'reader@readers.example.test', 'confirmed', 1, 1, '[]', '', 'n0nce-n0nce', ?, ?, "
            "'')", (now.isoformat(), now.isoformat()))
    with smtp_server() as smtp:
        env = command_env(db, NEWSDESK_SMTP_URL=smtp.url, NEWSDESK_BRIEFING_TIME="00:00",
                          NEWSDESK_BRIEFING_RATE="0")
        run = subprocess.Popen([NEWSDESK, "run", "--port", str(_free_port()),
                                "--schedule-every", "0.5"], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
        try:
            [mail] = smtp.wait_for(1, timeout=120)
        finally:
            run.send_signal(signal.SIGTERM)
            output, _ = run.communicate(timeout=60)
        assert run.returncode == 0, output
        assert mail.to == "reader@readers.example.test"
        assert mail.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        # Started again (a restart, or a second scheduler): the day is taken, nothing is sent.
        again = subprocess.run([NEWSDESK, "schedule", "--once"], env=env, capture_output=True,
                               text=True, timeout=120, check=False)
        assert "0 briefing run(s) started" in again.stdout, again.stdout + again.stderr
        worker = subprocess.run([NEWSDESK, "db_worker", "--batch", "--no-startup-delay",
                                 "--no-reload"], env=env, capture_output=True, text=True,
                                timeout=120, check=False)
        assert worker.returncode == 0, worker.stderr
        assert len(smtp.messages) == 1
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from briefing_edition").fetchone()[0] == 1
        assert conn.execute("select status from briefing_delivery").fetchall() == [("sent",)]
