from django.apps import AppConfig
from django.db.models.signals import post_migrate


class OpsConfig(AppConfig):
    name = "newsdesk.ops"
    label = "ops"
    verbose_name = "Operations"

    def ready(self) -> None:
        from newsdesk.ops.roles import setup_roles_after_migrate

        # Roles follow the permissions: every migrate (re)creates them, idempotently.
        post_migrate.connect(setup_roles_after_migrate, dispatch_uid="newsdesk-setup-roles")
