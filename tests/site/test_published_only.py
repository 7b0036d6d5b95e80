"""One definition of public: drafts, review items, rejected and future articles show nowhere."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from newsdesk.articles.models import Article
from newsdesk.articles.queries import neighbours
from tests.site.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed() -> dict[str, Article]:
    now = timezone.now()
    return {
        "first": make_article("First public story", published_at=now - timedelta(hours=3)),
        "draft": make_article("Secret draft story", status=Article.Status.DRAFT),
        "review": make_article("Story waiting for review", status=Article.Status.REVIEW,
                               published_at=now - timedelta(hours=2)),
        "rejected": make_article("Rejected story", status=Article.Status.REJECTED,
                                 published_at=now - timedelta(hours=2)),
        "future": make_article("Embargoed story", published_at=now + timedelta(days=1)),
        "last": make_article("Second public story", published_at=now - timedelta(hours=1)),
    }


def test_index_lists_only_published_newest_first(client: Client, mixed: dict[str, Article]) -> None:
    html = client.get("/").content.decode()
    assert html.index("Second public story") < html.index("First public story")
    for hidden in ("Secret draft", "waiting for review", "Rejected story", "Embargoed"):
        assert hidden not in html


@pytest.mark.parametrize("name", ["draft", "review", "rejected", "future"])
def test_unpublished_article_pages_are_not_found(
    client: Client, mixed: dict[str, Article], name: str
) -> None:
    slug = mixed[name].slug
    assert client.get(f"/articles/{slug}/").status_code == 404
    assert client.get(f"/articles/{slug}.json").status_code == 404


def test_neighbours_skip_unpublished(mixed: dict[str, Article]) -> None:
    previous, following = neighbours(mixed["first"])
    assert previous is None
    assert following == mixed["last"]
    previous, following = neighbours(mixed["last"])
    assert previous == mixed["first"]
    assert following is None


def test_article_page_links_neighbours_by_title(client: Client, mixed: dict[str, Article]) -> None:
    html = client.get(f"/articles/{mixed['first'].slug}/").content.decode()
    assert "Next Article" in html and "Second public story" in html
    assert "Previous Article" not in html
    assert "Secret draft" not in html and "Embargoed" not in html
