"""newsdesk setup_roles: (re)create the admin / editor / reviewer groups (migrate does it too)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from newsdesk.ops.roles import setup_roles


class Command(BaseCommand):
    help = "Create or correct the admin, editor and reviewer groups and their permissions."

    def handle(self, *args: Any, **options: Any) -> None:
        for role, count in setup_roles().items():
            self.stdout.write(f"{role}: {count} permissions")
