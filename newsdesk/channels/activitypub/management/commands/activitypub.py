"""`newsdesk activitypub followers [--actor NAME]` lists who follows the site's actors;
`newsdesk activitypub remove URI [--actor NAME]` removes a follower (it receives nothing
more; it is not told)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from newsdesk.channels.activitypub.models import Follower


class Command(BaseCommand):
    help = "The fediverse channel's followers: list them, or remove one."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("followers", help="List followers, newest first.")
        listing.add_argument("--actor", default="", help="Only this actor's (e.g. news).")
        remove = sub.add_parser("remove", help="Remove a follower by its actor id (URL).")
        remove.add_argument("uri", help="The follower's actor id, as `followers` prints it.")
        remove.add_argument("--actor", default="", help="Only from this actor.")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = Follower.objects.order_by("actor", "-created_at")
        if options["actor"]:
            rows = rows.filter(actor=options["actor"])
        if options["action"] == "followers":
            count = 0
            for follower in rows:
                count += 1
                self.stdout.write(f"{follower.actor}\t{follower.uri}\t{follower.delivery_inbox}"
                                  f"\t{follower.created_at:%Y-%m-%d %H:%M}")
            self.stdout.write(f"{count} follower(s)")
            return
        removed, _ = rows.filter(uri=options["uri"]).delete()
        if not removed:
            raise CommandError(f"no follower {options['uri']!r}"
                               + (f" of {options['actor']!r}" if options["actor"] else ""))
        self.stdout.write(f"removed {removed} follower row(s) of {options['uri']}")
