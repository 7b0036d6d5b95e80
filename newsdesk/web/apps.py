from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "newsdesk.web"
    verbose_name = "Website"

    def ready(self) -> None:
        """Any change to what readers can see invalidates every cached page at once: the
        publication event says when (a renamed section reaches it through the articles
        filed under it)."""
        from newsdesk.articles.events import SIGNALS
        from newsdesk.web.caching import bump

        for number, signal in enumerate(SIGNALS):
            signal.connect(bump, dispatch_uid=f"web-cache-bump-{number}")
