"""`newsdesk webhooks add URL [--events …] | list | remove ID | enable ID`.

``add`` prints the endpoint's signing secret (``whsec_…``) once, for the receiver; a URL
that is not http(s) is refused with the reason and nothing is stored.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from newsdesk.channels.webhooks import endpoints
from newsdesk.channels.webhooks.models import EVENT_TYPES, Endpoint


class Command(BaseCommand):
    help = "Signed webhooks: add, list, remove or switch back on the endpoints events go to."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="Send events to URL; prints its signing secret.")
        add.add_argument("url")
        add.add_argument("--events", default=",".join(EVENT_TYPES),
                         help=f"comma-separated, from {','.join(EVENT_TYPES)} (default: all)")
        add.add_argument("--description", default="")
        sub.add_parser("list", help="Every endpoint, its events and its state.")
        remove = sub.add_parser("remove", help="Delete an endpoint and its delivery log.")
        remove.add_argument("id", type=int)
        enable = sub.add_parser("enable", help="Switch an endpoint that was switched off on.")
        enable.add_argument("id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "add":
            try:
                endpoint = endpoints.add(options["url"], options["events"].split(","),
                                         options["description"])
            except endpoints.BadEndpoint as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(f"endpoint {endpoint.pk}: {endpoint.url} "
                              f"({', '.join(endpoint.events)})")
            self.stdout.write(f"secret: {endpoint.secret}")
            self.stdout.write("Give the receiver this secret: it verifies each delivery's "
                              "webhook-signature with it (Standard Webhooks).")
        elif action == "list":
            rows = list(Endpoint.objects.order_by("id"))
            if not rows:
                self.stdout.write("no webhook endpoints; add one with `newsdesk webhooks add URL`")
            for endpoint in rows:
                self.stdout.write(f"{endpoint.pk}\t{endpoint.url}\t{','.join(endpoint.events)}"
                                  f"\t{endpoints.state(endpoint)}")
        elif action == "remove":
            deleted, _ = Endpoint.objects.filter(pk=options["id"]).delete()
            if not deleted:
                raise CommandError(f"no webhook endpoint {options['id']}")
            self.stdout.write(f"endpoint {options['id']} removed")
        else:
            found = Endpoint.objects.filter(pk=options["id"]).first()
            if found is None:
                raise CommandError(f"no webhook endpoint {options['id']}")
            endpoints.enable(found)
            self.stdout.write(f"endpoint {found.pk} switched on")
