from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "newsdesk.channels.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from newsdesk.channels.webhooks import receivers

        receivers.connect()
