from django.apps import AppConfig


class BriefingConfig(AppConfig):
    name = "newsdesk.channels.briefing"
    label = "briefing"
    verbose_name = "Email briefing"
    default_auto_field = "django.db.models.BigAutoField"
