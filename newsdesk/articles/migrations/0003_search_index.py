"""Full-text search structures, per database vendor (RunPython, kept apart from schema
migrations): an FTS5 table on SQLite, a GIN index on the search vector on PostgreSQL."""

from django.db import migrations


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        from newsdesk.articles import fts

        fts.create(schema_editor)
    elif vendor == "postgresql":
        from django.contrib.postgres.indexes import GinIndex

        from newsdesk.articles.search import search_vector

        Article = apps.get_model("articles", "Article")
        schema_editor.add_index(Article, GinIndex(search_vector(), name="article_search_gin"))


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        from newsdesk.articles import fts

        fts.drop(schema_editor)
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS article_search_gin")


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_sections_tags_labels")]
    operations = [migrations.RunPython(forwards, backwards)]
