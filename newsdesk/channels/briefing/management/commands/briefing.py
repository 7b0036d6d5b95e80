"""`newsdesk briefing send [--date YYYY-MM-DD] [--dry-run]`: send (or preview) one day's mail.

Sending claims the day exactly as the scheduler does, so a day already sent is never sent
again; a day whose run stopped half-way is resumed, sending only what is missing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from newsdesk.channels.briefing import content
from newsdesk.channels.briefing.models import Subscriber
from newsdesk.channels.briefing.sending import run_edition, start_or_resume


def _day(raw: str) -> date:
    try:
        if len(raw) != 10:
            raise ValueError(raw)
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise CommandError(f"--date {raw!r}: expected a date such as 2026-12-07") from exc


class Command(BaseCommand):
    help = "The daily email briefing: `send` one day's (default: the one due now)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        send = sub.add_parser("send", help="Send one day's briefing to every subscriber.")
        send.add_argument("--date", default="", help="YYYY-MM-DD; default: the one due now")
        send.add_argument("--dry-run", action="store_true",
                          help="Say what would be sent; send and store nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        day = _day(options["date"]) if options["date"] else content.due_day(now)
        if options["dry_run"]:
            self._dry_run(day)
            return
        edition, created = start_or_resume(day, now)
        if edition.finished_at is not None:
            self.stdout.write(f"briefing of {day}: already sent (finished "
                              f"{edition.finished_at:%Y-%m-%d %H:%M} UTC); nothing to do")
            return
        report = run_edition(edition.pk)
        counts = ", ".join(f"{n} {kind}" for kind, n in sorted(report.counts.items())) or "none"
        state = "finished" if report.finished else (
            f"retries wait until {report.next_retry_at:%Y-%m-%d %H:%M} UTC")
        self.stdout.write(f"briefing of {day} ({'new' if created else 'resumed'}): "
                          f"{counts}; {state}")

    def _dry_run(self, day: date) -> None:
        items = content.items_for(day)
        start, end = content.window(day)
        self.stdout.write(f"briefing of {day}: {len(items)} article(s) published "
                          f"{start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M} UTC")
        would = 0
        subscribers = (Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED)
                       .prefetch_related("sections"))
        for subscriber in subscribers:
            chosen = None if subscriber.all_sections else {s.pk for s in
                                                          subscriber.sections.all()}
            if content.for_sections(items, chosen):
                would += 1
        total = subscribers.count()
        self.stdout.write(f"would send {would} mail(s) to {total} confirmed subscriber(s) "
                          f"({total - would} with nothing in their sections); dry run: "
                          "nothing sent or stored")
