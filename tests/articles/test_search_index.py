"""The search query really uses the database's full-text index, so it stays fast at scale."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from newsdesk.articles import workflow
from newsdesk.articles.models import Article
from newsdesk.articles.queries import Results
from newsdesk.articles.search import stored_vector
from tests.support.commit import committed
from tests.support.factories import make_article

pytestmark = pytest.mark.django_db


def search(query: str, *, size: int, after: str = "") -> Results[Article]:
    return Article.objects.published().search(query, size=size, after=after)


def test_postgres_search_ranks_the_stored_vector_through_its_gin_index() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite searches its FTS5 table")
    from django.contrib.postgres.search import SearchQuery

    make_article("Ferry adds an early sailing")
    with CaptureQueriesContext(connection) as queries:
        results = search("ferry", size=10)
    assert [hit.article.headline for hit in results.hits] == ["Ferry adds an early sailing"]
    ranking = queries.captured_queries[0]["sql"]
    # Matching and ranking read the stored column: no row's text is parsed again.
    assert "search_document" in ranking and "to_tsvector" not in ranking, ranking
    # The match alone (with one row the planner may well prefer another index for the
    # whole query): the GIN index answers it.
    terms = SearchQuery("ferry", search_type="websearch", config="english")
    query = Article.objects.alias(document=stored_vector()).filter(document=terms)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")  # GIN answers by bitmap scan
        sql, params = query.values("id").query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "article_search_document_gin" in plan, plan


def test_postgres_stored_vector_follows_edits() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite keeps its FTS5 table in step itself")
    article = make_article("Ferry adds an early sailing")
    assert [h.article.pk for h in search("ferry", size=10).hits] == [article.pk]
    article.headline = "Tram adds an early service"
    assert workflow.edit(article, None).passed
    assert search("ferry", size=10).hits == []
    assert [h.article.pk for h in search("tram", size=10).hits] == [article.pk]


def test_sqlite_fts_table_follows_edits_and_deletes() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only: PostgreSQL stores the vector in a generated column")
    article = make_article("Ferry adds an early sailing")

    def matches(word: str) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT rowid FROM article_fts WHERE article_fts MATCH %s", [word])
            return [row[0] for row in cursor.fetchall()]

    assert matches("ferry") == [article.pk]
    article.headline = "Tram adds an early service"
    with committed():
        assert workflow.edit(article, None).passed
    assert matches("ferry") == [] and matches("tram") == [article.pk]
    with committed():
        workflow.delete([article])
    assert matches("tram") == []


def test_sqlite_index_holds_what_is_released_and_finds_an_embargo_when_due(
        monkeypatch: pytest.MonkeyPatch) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only: PostgreSQL stores the vector in a generated column")
    from django.utils import timezone

    start = timezone.now()
    clock = [start]
    monkeypatch.setattr(timezone, "now", lambda: clock[0])
    draft = make_article("Lighthouse keeper retires", status=Article.Status.REVIEW)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM article_fts WHERE rowid = %s", [draft.pk])
        assert cursor.fetchone() == (0,)  # the review queue is never indexed
    with committed():
        workflow.publish(draft, when=start + timedelta(hours=1))
    assert search("lighthouse", size=10).hits == []  # released, not yet due
    clock[0] = start + timedelta(hours=2)  # no save happens when the embargo lifts
    assert [h.article.pk for h in search("lighthouse", size=10).hits] == [draft.pk]
    with committed():
        workflow.reject(draft, None)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM article_fts WHERE rowid = %s", [draft.pk])
        assert cursor.fetchone() == (0,)
