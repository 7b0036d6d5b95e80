"""PostgreSQL: the search vector stored in a generated column, indexed there.

Ranking reads the vector of every matching row. Computed from an expression, that means
parsing each matching body again: a common word at 100,000 articles took seconds. Stored,
it is read, not recomputed. SQLite keeps its FTS5 table; nothing changes there."""

from django.db import migrations

VECTOR = (
    "setweight(to_tsvector('english'::regconfig, COALESCE(headline, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, COALESCE(body, '')), 'B')"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE articles_article ADD COLUMN search_document tsvector "
        f"GENERATED ALWAYS AS ({VECTOR}) STORED")
    schema_editor.execute("CREATE INDEX article_search_document_gin ON articles_article "
                          "USING gin (search_document)")
    schema_editor.execute("DROP INDEX IF EXISTS article_search_gin")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from django.contrib.postgres.indexes import GinIndex

    from newsdesk.articles.search import search_vector

    Article = apps.get_model("articles", "Article")
    schema_editor.add_index(Article, GinIndex(search_vector(), name="article_search_gin"))
    schema_editor.execute("ALTER TABLE articles_article DROP COLUMN search_document")


class Migration(migrations.Migration):
    dependencies = [("articles", "0006_guard_score")]
    operations = [migrations.RunPython(forwards, backwards)]
