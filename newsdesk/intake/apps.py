from django.apps import AppConfig


class IntakeConfig(AppConfig):
    """The bottom of the Django layer: sources, what was read from them, and stories.

    It imports nothing from ``articles`` or above; ``articles`` builds on it.
    """

    name = "newsdesk.intake"
    label = "intake"
    verbose_name = "Intake"
