from django.apps import AppConfig


class CliConfig(AppConfig):
    name = "newsdesk.cli"
    verbose_name = "Command line"
