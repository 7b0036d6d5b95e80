"""One definition of public: drafts, review items, rejected and future articles show nowhere."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from newsdesk.articles.labels import section_named, tags_named
from newsdesk.articles.models import Article
from tests.support.factories import make_article

pytestmark = pytest.mark.django_db


HIDDEN = ("Secret draft", "waiting for review", "Rejected story", "Embargoed")


@pytest.fixture
def mixed() -> dict[str, Article]:
    now = timezone.now()
    articles = {
        "first": make_article("First public story", published_at=now - timedelta(hours=3)),
        "draft": make_article("Secret draft story", status=Article.Status.DRAFT),
        "review": make_article("Story waiting for review", status=Article.Status.REVIEW,
                               published_at=now - timedelta(hours=2)),
        "rejected": make_article("Rejected story", status=Article.Status.REJECTED,
                                 published_at=now - timedelta(hours=2)),
        "future": make_article("Embargoed story", published_at=now + timedelta(days=1)),
        "last": make_article("Second public story", published_at=now - timedelta(hours=1)),
    }
    # Every article shares a section and a tag, so those pages would show them if they could.
    health = section_named("Health")
    public_tag = tags_named(["public story"])
    for article in articles.values():
        article.section = health
        article.save()
        article.tags.set(public_tag)
    articles["draft"].section = section_named("Secret desk")
    articles["draft"].save()
    return articles


def test_index_lists_only_published_newest_first(client: Client, mixed: dict[str, Article]) -> None:
    html = client.get("/").content.decode()
    assert html.index("Second public story") < html.index("First public story")
    for hidden in HIDDEN:
        assert hidden not in html
    assert "Secret desk" not in html  # a section only a draft uses stays out of the menu


@pytest.mark.parametrize("name", ["draft", "review", "rejected", "future"])
def test_unpublished_article_pages_are_not_found(
    client: Client, mixed: dict[str, Article], name: str
) -> None:
    slug = mixed[name].slug
    assert client.get(f"/articles/{slug}/").status_code == 404
    assert client.get(f"/articles/{slug}.json").status_code == 404


def test_neighbours_skip_unpublished(mixed: dict[str, Article]) -> None:
    previous, following = Article.objects.neighbours(mixed["first"])
    assert previous is None
    assert following == mixed["last"]
    previous, following = Article.objects.neighbours(mixed["last"])
    assert previous == mixed["first"]
    assert following is None


def test_article_page_links_neighbours_by_title(client: Client, mixed: dict[str, Article]) -> None:
    html = client.get(f"/articles/{mixed['first'].slug}/").content.decode()
    assert "Next Article" in html and "Second public story" in html
    assert "Previous Article" not in html
    assert "Secret draft" not in html and "Embargoed" not in html


MACHINE_PATHS = [
    "/feeds/rss.xml", "/feeds/atom.xml",
    "/feeds/sections/health/rss.xml", "/feeds/sections/health/atom.xml",
    "/feeds/tags/public-story/rss.xml", "/feeds/tags/public-story/atom.xml",
    "/sitemap.xml", "/sitemap-news.xml",
    "/sections/health/", "/tags/public-story/",
    "/search/?q=story", "/api/search/?q=story", "/api/articles/",
    "/api/articles/?section=health", "/api/articles/?tag=public-story",
]


@pytest.mark.parametrize("path", MACHINE_PATHS)
def test_no_unpublished_article_on_feeds_sitemaps_search_api_or_lists(
    client: Client, mixed: dict[str, Article], path: str
) -> None:
    response = client.get(path)
    assert response.status_code == 200
    text = response.content.decode()
    assert mixed["last"].slug in text
    for hidden in HIDDEN:
        assert hidden not in text
    for name in ("draft", "review", "rejected", "future"):
        assert mixed[name].slug not in text


@pytest.mark.parametrize("name", ["draft", "review", "rejected", "future"])
def test_unpublished_article_is_not_in_the_api(client: Client, mixed: dict[str, Article],
                                               name: str) -> None:
    assert client.get(f"/api/articles/{mixed[name].slug}/").status_code == 404


def test_sources_api_counts_only_published(client: Client, mixed: dict[str, Article]) -> None:
    items = client.get("/api/sources/").json()["items"]
    assert sum(item["published_articles"] for item in items) == 2
