"""newsdesk serve --port P: serve the site."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from newsdesk.cli.serving import serve


class Command(BaseCommand):
    help = "Serve the site with granian (production WSGI server)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=1)

    def handle(self, *args: Any, host: str, port: int, workers: int, **options: Any) -> None:
        serve(host, port, workers)
