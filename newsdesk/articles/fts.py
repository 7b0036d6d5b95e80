"""The SQLite FTS5 table behind search on the embedded default, kept in step with articles.

It is kept in step from Python (post_save / post_delete) rather than by SQL triggers:
SQLite migrations rebuild a table to alter it, and a rebuild silently drops its triggers.
PostgreSQL needs none of this: it ranks a stored, generated tsvector column with a GIN
index (migration articles.0007).
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

TABLE = "article_fts"


def create(schema_editor: BaseDatabaseSchemaEditor) -> None:
    schema_editor.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
        "headline, body, tokenize = 'porter unicode61 remove_diacritics 2')"
    )
    schema_editor.execute(
        f"INSERT INTO {TABLE}(rowid, headline, body) SELECT id, headline, body "
        "FROM articles_article"
    )


def drop(schema_editor: BaseDatabaseSchemaEditor) -> None:
    schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


def index_article(sender: Any, instance: Any, **kwargs: Any) -> None:
    """post_save: replace the article's row (headline or body may have changed)."""
    index_rows([(instance.pk, instance.headline, instance.body)])


def index_rows(rows: list[tuple[int, str, str]]) -> None:
    """Index (id, headline, body) rows saved without signals (bulk_create, imports)."""
    if connection.vendor != "sqlite" or not rows:
        return
    with connection.cursor() as cursor:
        cursor.executemany(f"DELETE FROM {TABLE} WHERE rowid = %s", [[r[0]] for r in rows])
        cursor.executemany(
            f"INSERT INTO {TABLE}(rowid, headline, body) VALUES (%s, %s, %s)", rows
        )


def unindex_article(sender: Any, instance: Any, **kwargs: Any) -> None:
    if connection.vendor != "sqlite" or instance.pk is None:
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE rowid = %s", [instance.pk])
