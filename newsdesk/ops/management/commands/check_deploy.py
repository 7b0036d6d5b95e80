"""newsdesk check-deploy (or check_deploy): Django's deployment checks plus newsdesk's own."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from newsdesk.ops.deploychecks import ERROR, WARNING, exit_code, run_all

MARK = {ERROR: "FAIL", WARNING: "warn", "ok": " ok "}


class Command(BaseCommand):
    help = ("Check that this installation is fit to serve the public: Django's check --deploy, "
            "debug, secret key, hosts, https, database, LLM backend, writable folders. "
            "Exits 1 when something must be fixed.")
    requires_system_checks: list[str] = []  # we run them ourselves and report them

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--strict", action="store_true", help="Fail on warnings too.")

    def handle(self, *args: Any, strict: bool, **options: Any) -> None:
        findings = run_all()
        for finding in findings:
            self.stdout.write(f"[{MARK[finding.level]}] {finding.check}: {finding.detail}")
        code = exit_code(findings, strict=strict)
        errors = sum(f.level == ERROR for f in findings)
        warnings = sum(f.level == WARNING for f in findings)
        self.stdout.write(f"{errors} errors, {warnings} warnings")
        if code:
            sys.exit(code)
