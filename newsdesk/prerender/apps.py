from django.apps import AppConfig


class PrerenderConfig(AppConfig):
    name = "newsdesk.prerender"
    label = "prerender"
    verbose_name = "Pre-rendered pages"

    def ready(self) -> None:
        from newsdesk.prerender import signals

        signals.connect()
