from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "newsdesk.web"
    verbose_name = "Website"

    def ready(self) -> None:
        """Any change to what readers can see invalidates every cached page at once."""
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from newsdesk.articles.models import Article, Attribution, Section, Summary, Tag
        from newsdesk.web.caching import bump

        for model in (Article, Summary, Attribution, Section, Tag):
            post_save.connect(bump, sender=model, dispatch_uid=f"web-cache-save-{model.__name__}")
            post_delete.connect(bump, sender=model,
                                dispatch_uid=f"web-cache-delete-{model.__name__}")
        m2m_changed.connect(bump, sender=Article.tags.through, dispatch_uid="web-cache-tags")
