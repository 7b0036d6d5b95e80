"""Pre-rendered pages: stored at publish, re-rendered on change, never stale, served with
ETag / 304 by the front layer over a real loopback socket, everything else left to Django."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import httpx
import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from newsdesk.articles.models import Article
from newsdesk.articles.publishing import make_summaries, publish
from newsdesk.prerender import store
from newsdesk.prerender.front import PrerenderedFront
from newsdesk.prerender.render import render_path
from newsdesk.utils.filestamp import SETTLED_SECONDS
from tests.site.factories import make_article
from tests.support.options import OptionsOverride

pytestmark = pytest.mark.django_db(transaction=True)


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return


class _ThreadingWSGIServer(WSGIServer):
    daemon_threads = True


@pytest.fixture
def site(_pages_dir: Path, settings) -> Iterator[httpx.Client]:
    """The front layer with Django behind it, on a real socket at 127.0.0.1."""
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
    front = PrerenderedFront(get_wsgi_application(), root=_pages_dir)

    def app(environ, start_response):
        """Each request runs on a thread of its own: close its database connection when
        the response is written, as a server process would at exit."""
        response = front(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            close = getattr(response, "close", None)
            if close is not None:
                close()
            connections.close_all()

    server = make_server("127.0.0.1", 0, app, server_class=_ThreadingWSGIServer,
                         handler_class=_Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{server.server_port}") as client:
            yield client
    finally:
        server.shutdown()
        server.server_close()


def _stored(root: Path, article: Article) -> bytes | None:
    page = store.read(root, article.get_absolute_url())
    return None if page is None else page.body


def test_publishing_stores_the_page_django_would_render(_pages_dir: Path) -> None:
    article = make_article("Berth seven opens", status="review", summaries=False)
    assert _stored(_pages_dir, article) is None
    publish(article)
    stored = store.read(_pages_dir, article.get_absolute_url())
    assert stored is not None
    assert stored.body == render_path(article.get_absolute_url()).body
    assert b"Berth seven opens" in stored.body
    assert dict(stored.headers)["Content-Type"].startswith("text/html")
    assert "Content-Security-Policy" in dict(stored.headers)
    index = store.read(_pages_dir, "/")
    assert index is not None and b"Berth seven opens" in index.body


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


def test_an_edit_is_served_at_once_and_the_old_etag_no_longer_matches(
        site: httpx.Client) -> None:
    article = make_article("Bridge closes for repairs")
    url = article.get_absolute_url()
    old = site.get(url)
    article.headline = "Bridge reopens after repairs"
    article.save()
    new = site.get(url, headers={"If-None-Match": old.headers["ETag"]})
    assert new.status_code == 200
    assert "Bridge reopens after repairs" in new.text and "Bridge closes" not in new.text
    assert site.get("/").text.count("Bridge reopens after repairs") == 1


def test_unpublishing_removes_the_page_and_django_answers_404(
        site: httpx.Client, _pages_dir: Path) -> None:
    article = make_article("Library hours cut")
    url = article.get_absolute_url()
    assert site.get(url).status_code == 200
    article.status = Article.Status.REJECTED
    article.save()
    assert store.read(_pages_dir, url) is None
    assert site.get(url).status_code == 404
    assert "Library hours cut" not in site.get("/").text


def test_a_slug_change_removes_the_old_address(site: httpx.Client, _pages_dir: Path) -> None:
    article = make_article("Ferry timetable changes")
    old_url = article.get_absolute_url()
    article.slug = "ferry-timetable-winter"
    article.save()
    assert store.read(_pages_dir, old_url) is None
    assert site.get(old_url).status_code == 404
    assert site.get("/articles/ferry-timetable-winter/").status_code == 200


def test_deleting_an_article_removes_its_page_and_fixes_its_neighbours(
        site: httpx.Client) -> None:
    first = make_article("First story")
    middle = make_article("Middle story")
    last = make_article("Last story")
    assert "Middle story" in site.get(first.get_absolute_url()).text
    middle.attributions.all().delete()
    middle.summaries.all().delete()
    middle.delete()
    assert site.get(middle.get_absolute_url()).status_code == 404
    assert "Middle story" not in site.get(first.get_absolute_url()).text
    assert "Last story" in site.get(first.get_absolute_url()).text
    assert "First story" in site.get(last.get_absolute_url()).text


def test_a_new_article_updates_its_previous_neighbours_next_link(site: httpx.Client) -> None:
    older = make_article("Older story")
    assert "Newer story" not in site.get(older.get_absolute_url()).text
    make_article("Newer story")
    assert "Newer story" in site.get(older.get_absolute_url()).text


def test_a_changed_summary_re_renders_the_article(site: httpx.Client) -> None:
    article = make_article("Council votes on budget")
    url = article.get_absolute_url()
    before = site.get(url).headers["ETag"]
    article.body = ("The council approved the budget by nine votes to four. "
                    "[Source: Dunmore Gazette]")
    Article.objects.filter(pk=article.pk).update(body=article.body)  # no signal: parts only
    make_summaries(article)
    after = site.get(url)
    assert after.headers["ETag"] != before
    assert "nine votes to four" in after.text


def test_a_rolled_back_change_leaves_the_stored_page_and_later_changes_still_refresh(
        site: httpx.Client) -> None:
    article = make_article("Pool reopens")
    url = article.get_absolute_url()
    with pytest.raises(RuntimeError), transaction.atomic():
        article.headline = "Pool stays shut"
        article.save()
        raise RuntimeError("rolled back")
    assert "Pool reopens" in site.get(url).text
    article.refresh_from_db()
    article.headline = "Pool reopens on Monday"
    article.save()
    assert "Pool reopens on Monday" in site.get(url).text


def test_one_refresh_per_transaction(_pages_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsdesk.prerender import refresh as refresh_module

    calls: list[list[str]] = []

    def counted(paths: list[str]) -> dict[str, str]:
        calls.append(list(paths))
        return refresh_module.refresh(paths)

    monkeypatch.setattr("newsdesk.prerender.signals.refresh", counted)
    article = make_article("Museum extends hours", status="review", summaries=False)
    calls.clear()
    publish(article)  # saves the article and three summaries in one transaction
    assert len(calls) == 1
    assert article.get_absolute_url() in calls[0] and "/" in calls[0]


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


def test_the_json_twin_is_stored_and_follows_edits(site: httpx.Client, _pages_dir: Path) -> None:
    article = make_article("Airport runway resurfaced")
    json_url = article.get_absolute_url().rstrip("/") + ".json"
    assert store.read(_pages_dir, json_url) is not None
    first = site.get(json_url)
    assert first.headers["Content-Type"] == "application/json"
    assert first.json()["headline"] == "Airport runway resurfaced" and "ETag" in first.headers
    article.headline = "Airport runway reopens"
    article.save()
    assert site.get(json_url).json()["headline"] == "Airport runway reopens"
    newer = make_article("Newer flight story")
    assert site.get(json_url).json()["next"]["url"] == newer.get_absolute_url()


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


def test_prerender_command_renders_every_published_page(_pages_dir: Path) -> None:
    articles = [make_article(f"Story {n}") for n in range(3)]
    draft = make_article("Draft story", status="draft")
    for path in _pages_dir.rglob("*.page"):
        path.unlink()
    call_command("prerender")
    for article in articles:
        assert _stored(_pages_dir, article) is not None
    assert _stored(_pages_dir, draft) is None
    assert store.read(_pages_dir, "/") is not None


def test_store_refuses_paths_outside_its_folder(_pages_dir: Path) -> None:
    assert store.file_for(_pages_dir, "/../etc/") is None
    assert store.file_for(_pages_dir, "/articles/x") is None
    assert store.file_for(_pages_dir, "/articles/x/") == _pages_dir / "articles/x/index.page"
    assert store.file_for(_pages_dir, "/articles/x.json") == _pages_dir / "articles/x.json.page"
    assert store.file_for(_pages_dir, "/articles/x.json/") is None
    with pytest.raises(ValueError):
        store.write(_pages_dir, "/a/../../b/", [], b"")


def test_rejecting_from_the_admin_list_takes_the_page_down(
        site: httpx.Client, _pages_dir: Path) -> None:
    from django.contrib.auth.models import User
    from django.test import Client

    article = make_article("Stadium roof approved")
    neighbour = make_article("Later stadium story")
    assert "Stadium roof approved" in site.get(neighbour.get_absolute_url()).text
    admin = Client()
    admin.force_login(User.objects.create_superuser("ed", "ed@example.org", "pw-long-enough-1"))
    response = admin.post("/admin/articles/article/", {
        "action": "reject", "_selected_action": [str(article.pk)]})
    assert response.status_code == 302
    assert store.read(_pages_dir, article.get_absolute_url()) is None
    assert site.get(article.get_absolute_url()).status_code == 404
    assert "Stadium roof approved" not in site.get(neighbour.get_absolute_url()).text
    assert "Stadium roof approved" not in site.get("/").text


def test_rendering_a_page_costs_the_same_queries_at_any_size(options: OptionsOverride) -> None:
    """No N+1 and nothing that grows with the archive: what publish-time rendering costs
    at 3 articles it costs at 30."""
    target = make_article("Measured story")

    def queries(path: str) -> int:
        cache.clear()  # measure rendering, not the page cache in front of it
        with CaptureQueriesContext(connection) as captured:
            assert render_path(path).status == 200
        return len(captured)

    paths = [target.get_absolute_url(), target.get_absolute_url().rstrip("/") + ".json", "/"]
    small = {path: queries(path) for path in paths}
    options.set(NEWSDESK_PRERENDER=False)  # the fillers need no stored pages of their own
    for n in range(30):
        make_article(f"Filler {n}")
    assert {path: queries(path) for path in paths} == small


def test_section_pages_are_stored_and_follow_a_move_between_sections(
        site: httpx.Client, _pages_dir: Path) -> None:
    from newsdesk.articles.models import Section

    harbour = Section.objects.create(name="Harbour", slug="harbour")
    council = Section.objects.create(name="Council", slug="council")
    article = make_article("Dredging starts at the quay")
    article.section = harbour
    article.save()
    stored = store.read(_pages_dir, harbour.get_absolute_url())
    assert stored is not None and b"Dredging starts at the quay" in stored.body
    article.section = council
    article.save()
    # The old section's stored page no longer lists it; the new one does.
    assert "Dredging starts at the quay" not in site.get(harbour.get_absolute_url()).text
    assert "Dredging starts at the quay" in site.get(council.get_absolute_url()).text
    refreshed = store.read(_pages_dir, council.get_absolute_url())
    assert refreshed is not None and b"Dredging starts at the quay" in refreshed.body


def test_the_api_detail_is_stored_and_follows_edits_and_unpublishing(
        site: httpx.Client, _pages_dir: Path) -> None:
    article = make_article("Tidal barrier tested")
    api_url = f"/api/articles/{article.slug}/"
    assert store.read(_pages_dir, api_url) is not None
    first = site.get(api_url)
    assert first.headers["Cache-Control"] == "no-cache"  # the front layer answered
    assert first.json()["headline"] == "Tidal barrier tested"
    newer = make_article("Barrier opens to shipping")
    assert site.get(api_url).json()["next"]["url"] == newer.get_absolute_url()
    article.status = Article.Status.REJECTED
    article.save()
    assert store.read(_pages_dir, api_url) is None
    gone = site.get(api_url)
    assert gone.status_code == 404 and gone.headers["Content-Type"] == "application/json"
