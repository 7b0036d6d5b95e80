"""newsdesk extract and newsdesk opml, and the thin-entry step of feed ingest."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from newsdesk.intake.models import Source, SourceItem
from newsdesk.intake.services import ingest_target
from newsdesk.reader.opml import parse_opml
from tests.loopback import Route, loopback_server
from tests.reader.test_pages import ARTICLE, PARAGRAPHS

NEWSDESK = str(Path(sys.executable).with_name("newsdesk"))


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([NEWSDESK, *args], capture_output=True, text=True, timeout=60,
                          env={**os.environ, **(env or {})}, check=False)


def test_extract_file_prints_main_text(tmp_path: Path) -> None:
    page = tmp_path / "ferry.html"
    page.write_text(ARTICLE, encoding="utf-8")
    done = run("extract", str(page))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith(PARAGRAPHS[-1])
    assert "Most read" not in done.stdout


def test_extract_url_json_over_loopback() -> None:
    routes = {"/robots.txt": Route(b"User-agent: *\nAllow: /\n"),
              "/ferry": Route(ARTICLE.encode(), headers={"Content-Type": "text/html"})}
    with loopback_server(routes) as server:
        done = run("extract", server.url("/ferry"), "--json",
                   env={"NEWSDESK_FETCH_ALLOW_NETWORKS": "127.0.0.1/32"})
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["title"] == "Ferry times change"
    assert data["outlet"] == "Harbour Gazette"
    assert data["language"] == "en"
    assert PARAGRAPHS[0] in data["text"]


def test_extract_refuses_loopback_unless_allowed() -> None:
    with loopback_server({"/ferry": Route(ARTICLE.encode())}) as server:
        done = run("extract", server.url("/ferry"), env={"NEWSDESK_FETCH_ALLOW_NETWORKS": ""})
        assert server.hits == []
    assert done.returncode != 0
    assert "refused" in done.stderr
    assert "NEWSDESK_FETCH_ALLOW_NETWORKS" in done.stderr


def test_extract_missing_file_is_a_clear_error() -> None:
    done = run("extract", "/no/such/page.html")
    assert done.returncode != 0
    assert "/no/such/page.html" in done.stderr


OPML = b"""<?xml version="1.0"?><opml version="2.0"><head/><body>
<outline text="Valley Post" xmlUrl="https://valley.example.test/feed.xml"/>
<outline text="Hill" xmlUrl="https://hill.example.test/rss"/>
<outline text="Bad" xmlUrl="ftp://x.example.test/"/></body></opml>"""


@pytest.mark.django_db
def test_opml_import_then_export(tmp_path: Path) -> None:
    path = tmp_path / "subs.opml"
    path.write_bytes(OPML)
    out, err = io.StringIO(), io.StringIO()
    call_command("opml", "import", str(path), stdout=out, stderr=err)
    assert "2 feed(s) added, 0 already present, 1 skipped" in out.getvalue()
    assert "ftp://" in err.getvalue()
    call_command("opml", "import", str(path), stdout=out, stderr=err)
    assert "0 feed(s) added, 2 already present" in out.getvalue()
    assert Source.objects.filter(kind=Source.Kind.FEED).count() == 2


@pytest.mark.django_db
def test_opml_export_lists_feed_sources(capfd: pytest.CaptureFixture[str]) -> None:
    Source.objects.create(name="Valley Post", kind=Source.Kind.FEED,
                          location="https://valley.example.test/feed.xml")
    Source.objects.create(name="folder", kind=Source.Kind.FILES, location="/tmp/releases")
    call_command("opml", "export")
    exported = capfd.readouterr().out.encode()
    feeds = parse_opml(exported).feeds
    assert [(f.url, f.title) for f in feeds] == [
        ("https://valley.example.test/feed.xml", "Valley Post")
    ]


@pytest.mark.django_db
def test_opml_import_of_a_bad_file_fails_clearly(tmp_path: Path) -> None:
    path = tmp_path / "x.opml"
    path.write_bytes(b"<rss/>")
    with pytest.raises(CommandError, match="not <opml>"):
        call_command("opml", "import", str(path))


THIN_RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title>
<item><title>Ferry times change</title><link>{base}/ferry</link>
<guid isPermaLink="false">ferry-1</guid>
<description>The ferry leaves earlier from Monday.</description></item></channel></rss>"""


@pytest.mark.django_db
def test_ingest_fills_thin_entries_from_their_pages() -> None:
    routes: dict[str, Route] = {
        "/robots.txt": Route(b"", status=404),
        "/ferry": Route(ARTICLE.encode(), headers={"Content-Type": "text/html; charset=utf-8"}),
    }
    with loopback_server(routes) as server:
        routes["/feed.xml"] = Route(THIN_RSS.format(base=server.base_url).encode(),
                                    headers={"Content-Type": "application/rss+xml"})
        report = ingest_target(server.url("/feed.xml"))
    assert report.counts["new"] == 1, report
    item = SourceItem.objects.get(key="ferry-1")
    assert item.title == "Ferry times change"
    assert all(p in item.text for p in PARAGRAPHS)
