"""The front layer: stored bytes with ETag / 304 over a real loopback socket, no database
on a hit, and everything it does not hold left to Django."""

from __future__ import annotations

import os
import time
from pathlib import Path

import httpx
import pytest
from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsdesk.prerender import store
from newsdesk.prerender.front import PrerenderedFront
from newsdesk.utils.filestamp import SETTLED_SECONDS
from tests.support.factories import make_article

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.prerender]


def test_the_front_layer_serves_stored_bytes_with_etag_and_304(site: httpx.Client) -> None:
    article = make_article("Tram line extended")
    url = article.get_absolute_url()
    first = site.get(url)
    assert first.status_code == 200 and "Tram line extended" in first.text
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "no-cache"
    assert "script-src 'self'" in first.headers["Content-Security-Policy"]
    assert "set-cookie" not in first.headers
    again = site.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert site.get(url, headers={"If-None-Match": '"other"'}).status_code == 200
    head = site.head(url)
    assert head.status_code == 200 and head.content == b"" and head.headers["ETag"] == etag


def test_requests_the_store_does_not_answer_go_to_django(site: httpx.Client) -> None:
    article = make_article("Airport runway resurfaced")
    url = article.get_absolute_url()
    stored_etag = site.get(url).headers["ETag"]
    with_query = site.get(url + "?utm_source=x")
    # Django answered (its own cache policy), with the same bytes hence the same ETag.
    assert with_query.status_code == 200 and with_query.headers["Cache-Control"] != "no-cache"
    assert with_query.headers["ETag"] == stored_etag
    with_session = site.get(url, headers={"Cookie": "sessionid=abc"})
    assert with_session.status_code == 200
    assert with_session.headers["Cache-Control"] != "no-cache"
    assert site.post(url).status_code == 403  # Django's CSRF check, not the store
    assert site.get("/admin/login/").status_code == 200
    assert "csrftoken" in site.get("/admin/login/").headers.get("set-cookie", "")
    assert site.get("/articles/no-such-article/").status_code == 404


def test_a_stored_hit_touches_no_database(_pages_dir: Path) -> None:
    article = make_article("Road resurfaced")
    front = PrerenderedFront(get_wsgi_application(), root=_pages_dir)
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": article.get_absolute_url(),
               "QUERY_STRING": ""}
    statuses: list[str] = []
    with CaptureQueriesContext(connection) as queries:
        body = b"".join(front(environ, lambda status, headers: statuses.append(status)))
    assert statuses == ["200 OK"] and b"Road resurfaced" in body
    assert len(queries) == 0


def test_the_front_remembers_settled_pages_and_never_serves_a_replaced_one(
        _pages_dir: Path) -> None:
    article = make_article("Quay lights fixed")
    url = article.get_absolute_url()
    passed_on: list[str] = []

    def django(environ: dict[str, str], start_response: object) -> list[bytes]:
        passed_on.append(environ["PATH_INFO"])
        return [b"from django"]

    front = PrerenderedFront(django, root=_pages_dir)
    stored = store.file_for(_pages_dir, url)
    assert stored is not None
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": url, "QUERY_STRING": ""}

    def get() -> bytes:
        return b"".join(front(environ, lambda status, headers: None))

    def settle() -> None:
        then = time.time() - 10 * SETTLED_SECONDS
        os.utime(stored, (then, then))

    # Young, whatever time publishing took on a busy machine: a page written a second
    # before the first request would already count as settled.
    ahead = time.time() + 60 * SETTLED_SECONDS
    os.utime(stored, (ahead, ahead))
    assert b"Quay lights fixed" in get()
    assert url not in front._cache  # just written: not settled, so not remembered
    settle()
    first = get()
    assert front._cache[url][2].body == first
    # Another process stores a new version (a new file renamed over the old) with the same
    # size and mtime: its inode differs, so the remembered page is not served.
    replaced = first.replace(b"Quay lights fixed", b"Quay lights fixes")
    store.write(_pages_dir, url, [("Content-Type", "text/html; charset=utf-8")], replaced)
    settle()
    assert get() == replaced and passed_on == []
    stored.unlink()  # taken down: Django answers, memory forgets
    assert get() == b"from django" and passed_on == [url]
    assert url not in front._cache
