"""The JSON API: keyset lists, detail from the same dict as the page, search, sources."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsdesk.articles.labels import section_named
from newsdesk.articles.serializers import article_dict
from newsdesk.web.pages import load_article
from tests.support.factories import make_article

pytestmark = pytest.mark.django_db


def test_list_walks_every_article_once_by_keyset(client: Client) -> None:
    now = timezone.now()
    made = [make_article(f"Story {i}", published_at=now - timedelta(minutes=i))
            for i in range(7)]
    # two articles share a timestamp: the id breaks the tie, nothing is lost or repeated
    made.append(make_article("Twin", published_at=now - timedelta(minutes=3)))
    slugs: list[str] = []
    url = "/api/articles/?limit=3"
    while url:
        data = client.get(url).json()
        slugs += [item["slug"] for item in data["items"]]
        url = f"/api/articles/?limit=3&before={data['older']}" if data["older"] else ""
    assert sorted(slugs) == sorted(a.slug for a in made) and len(slugs) == 8


def test_newer_cursor_returns_to_the_previous_page(client: Client) -> None:
    now = timezone.now()
    for i in range(5):
        make_article(f"Story {i}", published_at=now - timedelta(minutes=i))
    first = client.get("/api/articles/?limit=2").json()
    second = client.get(f"/api/articles/?limit=2&before={first['older']}").json()
    again = client.get(f"/api/articles/?limit=2&after={second['newer']}").json()
    assert again["items"] == first["items"]
    assert again["newer"] is None


def test_list_query_count_does_not_grow(client: Client) -> None:
    for i in range(2):
        make_article(f"Story {i}")
    with CaptureQueriesContext(connection) as few:
        client.get("/api/articles/?limit=50")
    for i in range(30):
        make_article(f"More {i}")
    with CaptureQueriesContext(connection) as many:
        assert len(client.get("/api/articles/?limit=50").json()["items"]) == 32
    assert len(few) == len(many) <= 3  # page, teasers, cache lifetime


def test_section_filter(client: Client) -> None:
    health = make_article("Clinic story")
    health.section = section_named("Health")
    health.save()
    make_article("Other story")
    data = client.get("/api/articles/?section=health").json()
    assert [i["headline"] for i in data["items"]] == ["Clinic story"]
    assert data["items"][0]["section"] == {"name": "Health", "slug": "health",
                                           "url": "/sections/health/"}


def test_detail_is_the_page_dict(client: Client) -> None:
    make_article("Earlier")
    article = make_article("The one")
    data = client.get(f"/api/articles/{article.slug}/").json()
    expected = article_dict(load_article(article.slug))
    assert data["headline"] == expected["headline"]
    assert data["body_html"] == str(expected["body_html"])
    assert data["summary"]["standard"]["text"] == expected["summary"]["standard"]["text"]
    assert data["previous"]["headline"] == "Earlier" and data["next"] is None
    assert data["attributions"] == expected["attributions"]
    assert set(data) == set(expected)
    assert client.get(f"/articles/{article.slug}.json").json() == data


@pytest.mark.parametrize("path", [
    "/api/articles/?before=nonsense", "/api/articles/?limit=0", "/api/articles/?limit=x",
"/api/search/?q=a&after=zz",
    "/api/articles/?before=1-99999999999999999999",
])
def test_bad_input_is_a_json_400(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]


def test_missing_article_is_a_json_404(client: Client) -> None:
    response = client.get("/api/articles/%E2%9C%93/")
    assert response.status_code == 404 and response.json()["error"]


def test_search_and_sources(client: Client) -> None:
    article = make_article("Ferry adds an early sailing")
    data = client.get("/api/search/?q=ferry").json()
    assert [i["slug"] for i in data["items"]] == [article.slug]
    assert "<mark>" in data["items"][0]["headline_highlight"]
    sources = client.get("/api/sources/").json()["items"]
    assert sources[0]["published_articles"] == 1
    assert sources[0]["url"] is None  # a local folder is never shown


def test_openapi_schema_lists_every_endpoint(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {"/api/articles/", "/api/articles/{slug}/", "/api/search/",
                                     "/api/sources/"}
