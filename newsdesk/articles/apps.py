from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "newsdesk.articles"
    verbose_name = "Articles"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from newsdesk.articles import fts
        from newsdesk.articles.models import Article

        post_save.connect(fts.index_article, sender=Article, dispatch_uid="article-fts-save")
        post_delete.connect(fts.unindex_article, sender=Article,
                            dispatch_uid="article-fts-delete")
