"""The SQLite FTS5 table behind search on the embedded default, kept in step with articles.

It follows the publication event (``articles.events``; connected in ``articles.apps``)
rather than SQL triggers: SQLite migrations rebuild a table to alter it, and a rebuild
silently drops its triggers. Released articles are indexed (an embargoed one too, so that
it is found the moment it falls due, when no event fires); search still reads through
``published()``. PostgreSQL needs none of this: it ranks a stored, generated tsvector
column with a GIN index (migration articles.0007).
"""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
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


def index_article(sender: Any, *, article_id: int, **kwargs: Any) -> None:
    """article_published / article_updated: replace the article's row with its committed
    headline and body."""
    if connection.vendor != "sqlite":
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE rowid = %s", [article_id])
        cursor.execute(
            f"INSERT INTO {TABLE}(rowid, headline, body) SELECT id, headline, body "
            "FROM articles_article WHERE id = %s", [article_id]
        )


def index_rows(rows: list[tuple[int, str, str]]) -> None:
    """Index (id, headline, body) rows stored around the workflow (bulk_create, imports)."""
    if connection.vendor != "sqlite" or not rows:
        return
    with connection.cursor() as cursor:
        cursor.executemany(f"DELETE FROM {TABLE} WHERE rowid = %s", [[r[0]] for r in rows])
        cursor.executemany(
            f"INSERT INTO {TABLE}(rowid, headline, body) VALUES (%s, %s, %s)", rows
        )


def unindex_article(sender: Any, *, article_id: int, **kwargs: Any) -> None:
    """article_withdrawn: the article is no longer searchable."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE rowid = %s", [article_id])
