from django.apps import AppConfig


class WebSubConfig(AppConfig):
    name = "newsdesk.channels.websub"
    label = "websub"
    verbose_name = "WebSub"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from newsdesk.channels.websub import receivers

        receivers.connect()
