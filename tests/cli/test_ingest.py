"""`newsdesk ingest` as an operator runs it: one outcome line per target, a summary table,
a non-zero exit only when every target failed, and DATABASE_URL choosing the database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.loopback import Route, loopback_server
from tests.support.cli import migrated, newsdesk
from tests.support.feeds import rss_feed


def folder_of_releases(root: Path) -> Path:
    folder = root / "releases"
    folder.mkdir()
    (folder / "one.txt").write_text("Title: Pier reopens\n\nThe pier reopens on 2 June.",
                                    encoding="utf-8")
    (folder / "two.txt").write_text("Title: Rail survey\n\nA rail survey starts in May.",
                                    encoding="utf-8")
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    return folder


def test_outcome_lines_table_and_exit_codes(tmp_path: Path) -> None:
    db = migrated(tmp_path / "chosen.sqlite3")
    folder = folder_of_releases(tmp_path)
    routes = {"/feed.xml": Route(rss_feed(5, seed=3), etag='"e1"',
                                 headers={"Content-Type": "application/rss+xml"}),
              "/down": Route(b"no", status=503)}
    with loopback_server(routes) as server:
        feed, down = server.url("/feed.xml"), server.url("/down")
        first = newsdesk(db, "ingest", str(folder), feed, down)
        second = newsdesk(db, "ingest", str(folder), feed)
        all_bad = newsdesk(db, "ingest", down, str(tmp_path / "missing"))

    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert lines[0].startswith("new") and "2 new" in lines[0] and "1 failed" in lines[0]
    assert lines[1].startswith("new") and "5 new" in lines[1]
    assert lines[2].startswith("failed") and "503" in lines[2]
    assert "broken.json" in first.stderr
    table = first.stdout[first.stdout.index("Ingest"):]
    for column in ("new", "unchanged", "failed"):
        assert column in table

    assert second.returncode == 0
    assert second.stdout.splitlines()[0].startswith("unchanged")
    assert "not modified" in second.stdout.splitlines()[1]

    assert all_bad.returncode != 0
    assert "every target failed" in all_bad.stderr
    assert [line.split()[0] for line in all_bad.stdout.splitlines()[:2]] == ["failed", "failed"]

    # DATABASE_URL chose this file: the items and the attempts are in it.
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from articles_sourceitem").fetchone() == (7,)
        assert conn.execute("select count(*) from sources_fetchattempt").fetchone()[0] == 7
        failures = conn.execute("select consecutive_failures from sources_source "
                                "where location = ?", (down,)).fetchone()
        assert failures == (2,)


def test_a_site_address_subscribes_to_its_advertised_feed(tmp_path: Path) -> None:
    db = migrated(tmp_path / "site.sqlite3")
    page = (b'<!doctype html><html><head><link rel="alternate" type="application/rss+xml" '
            b'href="/rss"></head><body>Harbour Gazette</body></html>')
    routes = {"/": Route(page, headers={"Content-Type": "text/html"}),
              "/rss": Route(rss_feed(4, seed=9), headers={"Content-Type": "application/rss+xml"})}
    with loopback_server(routes) as server:
        done = newsdesk(db, "ingest", server.url("/"))
        feed = server.url("/rss")
    assert done.returncode == 0, done.stderr
    line = done.stdout.splitlines()[0]
    assert line.startswith("new") and f"{feed} (found on {server.url('/')})" in line
    assert "4 new" in line
    with sqlite3.connect(db) as conn:
        assert conn.execute("select location from sources_source").fetchall() == [(feed,)]
        assert conn.execute("select count(*) from articles_sourceitem").fetchone() == (4,)
