"""newsdesk opml import FILE | export: move feed subscriptions in and out as OPML."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from newsdesk import conf
from newsdesk.intake.models import Source
from newsdesk.reader.opml import OpmlError, OpmlFeed, export_opml, parse_opml


class Command(BaseCommand):
    help = "Import feed sources from an OPML file, or export them as OPML."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        importing = actions.add_parser("import", help="Add every feed in FILE as a source.")
        importing.add_argument("file", metavar="FILE")
        actions.add_parser("export", help="Print every feed source as OPML 2.0.")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "import":
            self._import(Path(options["file"]))
        else:
            feeds = [
                OpmlFeed(url=s.location, title=s.name if s.name != s.location else s.outlet)
                for s in Source.objects.filter(kind=Source.Kind.FEED).order_by("name", "pk")
            ]
            sys.stdout.buffer.write(export_opml(feeds))
            sys.stdout.flush()

    def _import(self, path: Path) -> None:
        try:
            imported = parse_opml(path.read_bytes())
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror or error}") from error
        except OpmlError as error:
            raise CommandError(f"{path}: {error}") from error
        added = 0
        for feed in imported.feeds:
            _, created = Source.objects.get_or_create(
                location=feed.url[:2000],
                defaults={"name": (feed.title or feed.url)[:200], "kind": Source.Kind.FEED,
                          "outlet": feed.title[:200],
                          "check_interval": conf.options().refresh.default_seconds},
            )
            added += created
        for reason in imported.skipped:
            self.stderr.write(f"skipped: {reason}")
        self.stdout.write(
            f"{added} feed(s) added, {len(imported.feeds) - added} already present, "
            f"{len(imported.skipped)} skipped"
        )
