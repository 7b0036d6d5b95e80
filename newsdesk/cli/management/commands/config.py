"""newsdesk config: every option's effective value, secrets redacted."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from newsdesk import conf


class Command(BaseCommand):
    help = "Print the effective configuration (secrets redacted)."
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        width = max(len(option.name) for option in conf.OPTIONS)
        for name, shown in conf.effective():
            self.stdout.write(f"{name:<{width}}  {shown}")
