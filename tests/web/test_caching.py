"""ETag / Last-Modified with 304s, Cache-Control, and cached pages invalidated on publish."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from newsdesk.articles import workflow
from newsdesk.articles.models import Article
from newsdesk.articles.workflow import publish
from newsdesk.web.caching import cached
from tests.support.commit import committed
from tests.support.factories import make_article

pytestmark = pytest.mark.django_db

PATHS = ["/", "/feeds/rss.xml", "/feeds/atom.xml", "/api/articles/", "/sitemap.xml",
         "/search/?q=water"]


@pytest.mark.parametrize("path", PATHS)
def test_etag_gives_304_and_cache_control(client: Client, path: str) -> None:
    make_article("Water rates rise")
    first = client.get(path)
    assert first.status_code == 200
    assert first["ETag"].startswith('"') and first["Last-Modified"]
    assert "max-age=" in first["Cache-Control"] and "public" in first["Cache-Control"]
    again = client.get(path, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    since = client.get(path, headers={"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 304


def test_article_page_etag(client: Client) -> None:
    article = make_article("Water rates rise")
    first = client.get(article.get_absolute_url())
    assert client.get(article.get_absolute_url(),
                      headers={"If-None-Match": first["ETag"]}).status_code == 304
    assert client.get(article.get_absolute_url(),
                      headers={"If-None-Match": '"other"'}).status_code == 200


def test_publish_invalidates_cached_pages(client: Client) -> None:
    make_article("Older story")
    first = client.get("/")
    draft = make_article("Fresh news", status=Article.Status.DRAFT)
    assert "Fresh news" not in client.get("/").content.decode()
    with committed():
        publish(draft)
    fresh = client.get("/", headers={"If-None-Match": first["ETag"]})
    assert fresh.status_code == 200
    assert "Fresh news" in fresh.content.decode()
    assert fresh["ETag"] != first["ETag"]
    assert "Fresh news" in client.get("/feeds/rss.xml").content.decode()


def test_editing_an_article_updates_its_neighbours_page(client: Client) -> None:
    first = make_article("First story")
    second = make_article("Second story")
    assert "Second story" in client.get(first.get_absolute_url()).content.decode()
    second.headline = "Second story, corrected"
    with committed():
        assert workflow.edit(second, None).passed
    assert "Second story, corrected" in client.get(first.get_absolute_url()).content.decode()


def test_withdrawing_or_deleting_invalidates_cached_pages(client: Client) -> None:
    rejected = make_article("Library hours cut")
    deleted = make_article("Museum extends hours")
    kept = make_article("Pool reopens")
    assert "Library hours cut" in client.get("/").content.decode()
    with committed():
        workflow.reject(rejected, None)
    assert "Library hours cut" not in client.get("/").content.decode()
    assert "Museum extends hours" in client.get(kept.get_absolute_url()).content.decode()
    with committed():
        workflow.delete([deleted])
    assert "Museum extends hours" not in client.get("/").content.decode()
    assert "Museum extends hours" not in client.get(kept.get_absolute_url()).content.decode()


def test_errors_are_not_cached(client: Client) -> None:
    assert client.get("/articles/not-yet/").status_code == 404
    assert client.get("/api/articles/not-yet/").status_code == 404
    article = make_article("Not yet")
    article.slug = "not-yet"
    article.save()
    assert client.get("/articles/not-yet/").status_code == 200
    assert client.get("/api/articles/not-yet/").status_code == 200


def test_embargoed_article_appears_when_due(client: Client,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The site's clock stands still until the test moves it, so a slow first request on a
    busy machine cannot run past the embargo; the page cache still expires in real time."""
    start = timezone.now()
    clock = [start]
    monkeypatch.setattr(timezone, "now", lambda: clock[0])
    make_article("Already out", published_at=start - timedelta(minutes=1))
    make_article("Embargoed until soon", published_at=start + timedelta(seconds=2))
    assert "Embargoed until soon" not in client.get("/").content.decode()
    time.sleep(3.2)  # the cached page expires when the embargo lifts; no save happens
    clock[0] = start + timedelta(seconds=3.2)
    assert "Embargoed until soon" in client.get("/").content.decode()


def test_a_page_rendered_across_the_embargo_is_not_kept(monkeypatch: pytest.MonkeyPatch
                                                       ) -> None:
    """An article that falls due while a page renders is missing from that page: the page
    must not be cached for a day on the strength of "nothing is due any more"."""
    start = timezone.now()
    clock = [start]
    monkeypatch.setattr(timezone, "now", lambda: clock[0])
    make_article("Embargoed until soon", published_at=start + timedelta(seconds=2))
    renders: list[str] = []

    def render(label: str) -> tuple[bytes, str]:
        renders.append(label)
        clock[0] = start + timedelta(seconds=5)  # the embargo lifts mid-render
        return label.encode(), "text/plain"

    cached("front", lambda: render("before the embargo"))
    assert cached("front", lambda: render("after it")).body == b"after it"
    assert renders == ["before the embargo", "after it"]


@pytest.mark.parametrize("path", ["/search/?q=water", "/api/articles/"])
def test_preconditions_still_answer_412_and_plain_gets_get_the_page(client: Client,
                                                                    path: str) -> None:
    make_article("Water rates rise")
    first = client.get(path)
    assert first.status_code == 200 and first.content
    assert first["Cache-Control"] == "public, max-age=" + first["Cache-Control"].split("=")[-1]
    assert client.get(path, headers={"If-Match": '"not-this-one"'}).status_code == 412
    assert client.get(path, headers={"If-Match": first["ETag"]}).status_code == 200
    assert client.get(path, headers={
        "If-Unmodified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}).status_code == 412
