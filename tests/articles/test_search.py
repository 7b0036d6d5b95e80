"""Search: ranked, highlighted, escaped, paged by keyset, and only over published articles."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from newsdesk.articles.models import Article
from newsdesk.articles.queries import Results
from tests.support.factories import make_article

pytestmark = pytest.mark.django_db


def search(query: str, *, size: int, after: str = "") -> Results[Article]:
    return Article.objects.published().search(query, size=size, after=after)


def test_headline_match_ranks_first_and_is_highlighted() -> None:
    make_article("Council budget passes", body="The ferry timetable changes in March. "
                 "Ferry riders asked for it. [Source: Dunmore Gazette]")
    make_article("Ferry adds an early sailing", body="The ferry leaves at 06:40. "
                 "[Source: Dunmore Gazette]")
    make_article("Library hours", body="Nothing about boats here. [Source: Dunmore Gazette]")
    results = search("ferry", size=10)
    headlines = [hit.article.headline for hit in results.hits]
    assert headlines == ["Ferry adds an early sailing", "Council budget passes"]
    assert re.search(r"<mark>ferry</mark>", str(results.hits[0].highlight), re.I)


def test_highlight_escapes_stored_markup() -> None:
    make_article("Markup story", body='The word <img src=x onerror=alert(1)> ferry appears. '
                 "[Source: Dunmore Gazette]")
    highlight = str(search("ferry", size=5).hits[0].highlight)
    assert "<img" not in highlight
    assert "&lt;img" in highlight
    assert re.sub(r"</?mark>", "", highlight).count("<") == 0


@pytest.mark.parametrize("query", ['"', "AND", "ferry OR", "NEAR(", "*", "-", "a:b", "' OR 1=1"])
def test_reader_input_is_never_query_syntax(query: str) -> None:
    make_article("Ferry story")
    search(query, size=5)  # must not raise


def test_search_pages_by_keyset_without_repeats(client: Client) -> None:
    for i in range(7):
        make_article(f"Ferry report {i}", body="Ferry " * (i + 1) + "[Source: Dunmore Gazette]")
    seen: list[int] = []
    after = ""
    while True:
        results = search("ferry", size=3, after=after)
        seen += [hit.article.pk for hit in results.hits]
        if not results.more:
            break
        after = results.more
    assert len(seen) == len(set(seen)) == 7


def test_search_only_sees_published() -> None:
    make_article("Published ferry story")
    make_article("Draft ferry story", status=Article.Status.DRAFT)
    assert [h.article.headline for h in search("ferry", size=10).hits] == [
        "Published ferry story"]


def test_search_page_query_count_is_fixed(client: Client) -> None:
    for i in range(3):
        make_article(f"Ferry {i}")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/search/?q=ferry").status_code == 200
    for i in range(15):
        make_article(f"Ferry more {i}")
    with CaptureQueriesContext(connection) as many:
        html = client.get("/search/?q=ferry").content.decode()
    assert html.count('class="article-card"') == 18
    # ranked ids (+ highlights on PostgreSQL), articles, teasers, section menu, cache lifetime
    assert len(few) == len(many) <= 6


def test_search_page_shows_marks_and_no_results_message(client: Client) -> None:
    make_article("Ferry adds an early sailing")
    html = client.get("/search/?q=ferry").content.decode()
    assert "<mark>" in html
    assert "No published article matches" in client.get("/search/?q=zeppelin").content.decode()
    assert client.get("/search/?q=ferry&after=garbage").status_code == 404


def test_articles_saved_in_bulk_are_found_once_indexed() -> None:
    from newsdesk.articles import fts

    template = make_article("Template")
    Article.objects.bulk_create([
        Article(headline=f"Lighthouse keeper {n} retires", slug=f"bulk-{n}",
                body="The lamp goes automatic. [Source: Dunmore Gazette]",
                status=Article.Status.PUBLISHED, published_at=template.published_at,
                source_item=template.source_item, made_by="offline")
        for n in range(3)])
    rows = [(a.pk, a.headline, a.body) for a in Article.objects.filter(slug__startswith="bulk-")]
    fts.index_rows(rows)  # bulk_create sends no post_save; a no-op on PostgreSQL
    found = {hit.article.slug for hit in search("lighthouse", size=10).hits}
    assert found == {"bulk-0", "bulk-1", "bulk-2"}
