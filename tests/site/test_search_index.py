"""The search query really uses the database's full-text index, so it stays fast at scale."""

from __future__ import annotations

import pytest
from django.db import connection

from newsdesk.articles.models import Article
from newsdesk.articles.search import search_vector
from tests.site.factories import make_article

pytestmark = pytest.mark.django_db


def test_postgres_search_uses_the_gin_index() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite searches its FTS5 table")
    from django.contrib.postgres.search import SearchQuery

    make_article("Ferry adds an early sailing")
    terms = SearchQuery("ferry", search_type="websearch", config="english")
    # The match alone: PostgreSQL uses an expression index only when the query's expression
    # is the index's, character for character; this proves search_vector() is that one.
    query = Article.objects.alias(document=search_vector()).filter(document=terms)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")  # GIN answers by bitmap scan
        sql, params = query.values("id").query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "article_search_gin" in plan, plan


def test_sqlite_fts_table_follows_edits_and_deletes() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only: PostgreSQL indexes an expression of the row")
    article = make_article("Ferry adds an early sailing")

    def matches(word: str) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT rowid FROM article_fts WHERE article_fts MATCH %s", [word])
            return [row[0] for row in cursor.fetchall()]

    assert matches("ferry") == [article.pk]
    article.headline = "Tram adds an early service"
    article.save()
    assert matches("ferry") == [] and matches("tram") == [article.pk]
    article.delete()
    assert matches("tram") == []
