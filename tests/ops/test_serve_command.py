"""The production server command end to end: `newsdesk demo` (migrate, ingest, publish, then
`newsdesk serve` under granian) on a loopback port, edited from another process."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

NEWSDESK = str(Path(sys.executable).with_name("newsdesk"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    data = tmp_path_factory.mktemp("serve-data")
    env = {**os.environ, "NEWSDESK_DATA_DIR": str(data), "NEWSDESK_PAGES_DIR": "",
           "DATABASE_URL": f"sqlite:///{data / 'site.sqlite3'}"}
    port = free_port()
    log = (data / "demo.log").open("wb")  # a file, not a pipe nobody reads
    process = subprocess.Popen([NEWSDESK, "demo", "--port", str(port)], env=env,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            try:
                if httpx.get(base + "/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert process.poll() is None, (data / "demo.log").read_text()[-3000:]
            time.sleep(0.5)
        else:
            raise AssertionError("newsdesk demo did not start serving in time")
        yield base, env
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def _shell(env: dict[str, str], code: str) -> str:
    return subprocess.run([NEWSDESK, "shell", "--no-imports", "-c", code], env=env,
                          capture_output=True, text=True, check=True, timeout=120).stdout


def test_pages_come_from_the_store_with_etag_and_304(served: tuple[str, dict[str, str]]) -> None:
    base, _ = served
    index = httpx.get(base + "/")
    assert index.headers["server"] == "granian"
    assert "ETag" in index.headers and index.headers["Cache-Control"] == "no-cache"
    link = re.search(r'href="(/articles/[^"]+/)"', index.text)
    assert link is not None
    page = httpx.get(base + link.group(1))
    assert page.status_code == 200 and "ETag" in page.headers
    again = httpx.get(base + link.group(1), headers={"If-None-Match": page.headers["ETag"]})
    assert again.status_code == 304
    admin = httpx.get(base + "/admin/login/")
    assert admin.status_code == 200 and "ETag" not in admin.headers  # Django's


def test_the_demo_prints_no_warning(served: tuple[str, dict[str, str]]) -> None:
    """A newcomer's first command: nothing on the way to a served site is a warning (pages
    are pre-rendered after the static files they link to are collected)."""
    _, env = served
    printed = (Path(env["NEWSDESK_DATA_DIR"]) / "demo.log").read_text()
    assert "newsdesk is serving at" in printed
    assert [line for line in printed.splitlines() if "WARNING" in line] == []


def test_an_edit_in_another_process_is_served_at_once(served: tuple[str, dict[str, str]]) -> None:
    base, env = served
    slug = _shell(env, "from newsdesk.articles.models import Article; "
                       "print(Article.objects.published().newest_first()[1].slug)").strip()
    url = f"{base}/articles/{slug}/"
    before = httpx.get(url)
    _shell(env, "from newsdesk.articles import workflow; "
                "from newsdesk.articles.models import Article; "
                f"a = Article.objects.get(slug={slug!r}); "
                "a.headline = 'Edited by the night editor'; assert workflow.edit(a, None).passed")
    after = httpx.get(url, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and "Edited by the night editor" in after.text
    _shell(env, "from newsdesk.articles import workflow; "
                "from newsdesk.articles.models import Article; "
                f"workflow.reject(Article.objects.get(slug={slug!r}), None)")
    assert httpx.get(url).status_code == 404
    assert "Edited by the night editor" not in httpx.get(base + "/").text
