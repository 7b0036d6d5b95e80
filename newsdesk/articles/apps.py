from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "newsdesk.articles"
    verbose_name = "Articles"

    def ready(self) -> None:
        """The SQLite search index follows the publication event: what is released is
        indexed, what is withdrawn is not (search reads through ``published()`` anyway)."""
        from newsdesk.articles import fts
        from newsdesk.articles.events import article_published, article_updated, article_withdrawn

        article_published.connect(fts.index_article, dispatch_uid="article-fts-published")
        article_updated.connect(fts.index_article, dispatch_uid="article-fts-updated")
        article_withdrawn.connect(fts.unindex_article, dispatch_uid="article-fts-withdrawn")
