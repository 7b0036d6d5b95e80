from django.apps import AppConfig


class ActivityPubConfig(AppConfig):
    name = "newsdesk.channels.activitypub"
    label = "activitypub"
    verbose_name = "Fediverse (ActivityPub)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from newsdesk.channels.activitypub import receivers

        receivers.connect()
