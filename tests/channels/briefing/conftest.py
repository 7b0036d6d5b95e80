"""Briefing tests send through a real SMTP server on 127.0.0.1 and read what it received."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from newsdesk.articles.models import Article, Section
from newsdesk.channels.briefing import content, tokens
from newsdesk.channels.briefing.mailconfig import email_settings
from newsdesk.channels.briefing.models import Subscriber
from newsdesk.channels.briefing.subscriptions import address_key, mailbox_key
from tests.smtp_server import SmtpServer, smtp_server
from tests.support.factories import make_article
from tests.support.options import OptionsOverride

FROM = "Harlow Briefing <briefing@news.example.test>"


@pytest.fixture
def smtp(settings: Any, options: OptionsOverride) -> Iterator[SmtpServer]:
    """The site's mail goes to a real SMTP server, configured the way an operator does it."""
    with smtp_server() as server:
        for name, value in email_settings(server.url, "", Path("unused")).items():
            setattr(settings, name, value)
        options.set(NEWSDESK_EMAIL_FROM=FROM, NEWSDESK_BRIEFING_RATE=0.0,
                    NEWSDESK_SITE_NAME="Harlow News")
        yield server


def run_tasks() -> None:
    """Run every queued task that is due, in this process, against the test database."""
    call_command("db_worker", batch=True, startup_delay=False, reload=False, queue_name="*",
                 verbosity=0)


def a_past_day(days_ago: int = 3) -> date:
    """A briefing day safely in the past, whatever today is."""
    return content.due_day(timezone.now()) - timedelta(days=days_ago)


def publish_in(day: date, headline: str, *, hours: float = 2,
               section: Section | None = None) -> Article:
    """A published article inside ``day``'s briefing window, ``hours`` after it opens."""
    start, _ = content.window(day)
    article = make_article(headline, published_at=start + timedelta(hours=hours))
    if section is not None:
        article.section = section
        article.save(update_fields=["section"])  # a save, so cached pages are renewed
    return article


def section(name: str) -> Section:
    found, _ = Section.objects.get_or_create(name=name, slug=name.lower().replace(" ", "-"))
    return found


def subscriber(address: str, *, sections: list[Section] | None = None,
               status: str = Subscriber.Status.CONFIRMED,
               when: datetime | None = None) -> Subscriber:
    row = Subscriber.objects.create(
        email=address, address_key=address_key(address), mailbox_key=mailbox_key(address),
        status=status, all_sections=not sections, requested_all=not sections,
        unsubscribe_nonce=tokens.new_nonce(),
        confirmed_at=when or timezone.now() if status == Subscriber.Status.CONFIRMED else None)
    if sections:
        row.sections.set(sections)
    return row
