"""`newsdesk briefing send` through a real SMTP server: what arrives, and that it arrives once."""

from __future__ import annotations

import re
import urllib.request
from datetime import UTC, timedelta
from email.utils import parsedate_to_datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from newsdesk.articles.models import Article
from newsdesk.channels.briefing import content
from newsdesk.channels.briefing.models import Delivery, Edition, Subscriber
from tests.channels.briefing.conftest import (
    FROM,
    a_past_day,
    publish_in,
    section,
    subscriber,
)
from tests.smtp_server import SmtpServer
from tests.support.options import OptionsOverride

pytestmark = pytest.mark.django_db


def send(day: Any) -> str:
    out = StringIO()
    call_command("briefing", "send", "--date", day.isoformat(), stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)  # the live server reads what the test wrote
def test_each_subscriber_gets_the_day_of_their_sections_once(
        smtp: SmtpServer, live_server: Any, options: OptionsOverride) -> None:
    options.set(NEWSDESK_SITE_URL=live_server.url)
    day = a_past_day()
    local, sport, weather = section("Local"), section("Sport"), section("Weather")
    budget = publish_in(day, "Council adopts the 2027 budget", section=local)
    final = publish_in(day, "Harriers win the cup final", hours=5, section=sport)
    publish_in(day - timedelta(days=1), "Yesterday's ferry timetable", section=local)
    draft = publish_in(day, "Unpublished draft about the pier", section=local)
    Article.objects.filter(pk=draft.pk).update(status=Article.Status.DRAFT)
    subscriber("all@readers.example.test")
    subscriber("sport@readers.example.test", sections=[sport])
    subscriber("weather@readers.example.test", sections=[weather])
    subscriber("pending@readers.example.test", status=Subscriber.Status.PENDING)

    out = send(day)

    assert "2 sent, 1 skipped; finished" in out
    assert sorted(m.to for m in smtp.messages) == ["all@readers.example.test",
                                                   "sport@readers.example.test"]
    whole = smtp.to("all@readers.example.test")[0]
    html, text = whole.part("text/html"), whole.part("text/plain")
    for part in (html, text):
        assert budget.headline in part and final.headline in part
        assert "ferry" not in part and "Unpublished" not in part
    summary = budget.summaries.get(length="short").text
    assert summary in text and summary.replace('"', "&quot;")[:40] in html
    message = whole.message
    assert message["From"] == FROM
    assert message["Subject"].startswith("Harlow News briefing, ")
    delivery = Delivery.objects.get(subscriber__email="all@readers.example.test")
    assert delivery.sent_at is not None
    dated = parsedate_to_datetime(message["Date"]).replace(tzinfo=UTC)  # "-0000" is UTC
    assert abs(dated - delivery.sent_at) < timedelta(minutes=2)
    assert message["Message-ID"] == delivery.message_id
    assert re.fullmatch(r"<briefing\.\d{8}\.[0-9a-f]{16}@news\.example\.test>",
                        message["Message-ID"])
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    https, mailto = re.findall(r"<([^>]+)>", message["List-Unsubscribe"])
    assert https.startswith(f"{live_server.url}/subscribe/unsubscribe/")
    assert mailto.startswith("mailto:briefing@news.example.test?subject=unsubscribe%20")
    # Every article link in the mail opens that article's real page.
    links = sorted(set(re.findall(r'href="([^"]+/articles/[^"]+/)"', html)))
    assert len(links) == 2
    for link in links:
        assert link.startswith(live_server.url)
        page = urllib.request.urlopen(link).read().decode()
        assert any(a.headline in page for a in (budget, final))
    assert f"{live_server.url}/briefing/{day.isoformat()}/" in text

    only_sport = smtp.to("sport@readers.example.test")[0]
    assert final.headline in only_sport.part("text/plain")
    assert budget.headline not in only_sport.part("text/plain")

    # The same day again — a rerun, a restart — sends nothing more.
    assert "already sent" in send(day)
    assert len(smtp.messages) == 2
    assert Edition.objects.count() == 1


def test_temporary_errors_are_retried_and_a_permanent_one_ends_the_address(
        smtp: SmtpServer, options: OptionsOverride) -> None:
    from newsdesk.channels.briefing.sending import claim_day, run_edition

    options.set(NEWSDESK_BRIEFING_MAX_ATTEMPTS=3)
    day = a_past_day()
    publish_in(day, "Tram extension opens to Oldmere")
    subscriber("ok@readers.example.test")
    subscriber("busy@readers.example.test")
    subscriber("flaky@readers.example.test")
    subscriber("gone@readers.example.test")
    smtp.refuse("busy@readers.example.test", "451 4.3.0 Mailbox busy, try later")
    smtp.refuse("flaky@readers.example.test", *["421 4.7.0 Too many connections"] * 3)
    smtp.refuse("gone@readers.example.test", "550 5.1.1 No such user here")
    t0 = content.window(day)[1] + timedelta(minutes=1)
    edition = claim_day(day, t0)
    assert edition is not None

    first = run_edition(edition.pk, clock=lambda: t0)
    assert dict(first.counts) == {"sent": 1, "retry": 2, "rejected": 1}
    assert first.next_retry_at == t0 + timedelta(minutes=5)
    gone = Subscriber.objects.get(email="gone@readers.example.test")
    assert gone.status == Subscriber.Status.BOUNCED and "550" in gone.bounce_reason
    busy = Delivery.objects.get(subscriber__email="busy@readers.example.test")
    assert busy.status == Delivery.Status.RETRY and "451" in busy.last_error

    assert not run_edition(edition.pk, clock=lambda: t0 + timedelta(minutes=4)).counts
    second = run_edition(edition.pk, clock=lambda: t0 + timedelta(minutes=5))
    assert dict(second.counts) == {"sent": 1, "retry": 1}
    third = run_edition(edition.pk, clock=lambda: t0 + timedelta(minutes=16))
    assert dict(third.counts) == {"failed": 1} and third.finished
    flaky = Delivery.objects.get(subscriber__email="flaky@readers.example.test")
    assert flaky.status == Delivery.Status.FAILED and flaky.attempts == 3
    # Refused addresses were tried, but nothing reached them; the others got one each.
    assert sorted(m.to for m in smtp.messages) == ["busy@readers.example.test",
                                                   "ok@readers.example.test"]
    assert smtp.attempts("flaky@readers.example.test") == 3
    # The next day, the rejected address gets nothing at all.
    next_day = day + timedelta(days=1)
    publish_in(next_day, "Museum reopens after the flood")
    send(next_day)
    assert smtp.attempts("gone@readers.example.test") == 1
    assert "gone@readers.example.test" not in {m.to for m in smtp.messages}
    assert Subscriber.objects.get(pk=gone.pk).status == Subscriber.Status.BOUNCED


class Crash(BaseException):
    """What a killed worker looks like to the code it was running."""


class CrashingPacer:
    def __init__(self, crash_on: int) -> None:
        self.calls = 0
        self.crash_on = crash_on

    def wait(self) -> None:
        self.calls += 1
        if self.calls == self.crash_on:
            raise Crash


def test_a_crashed_run_is_resumed_and_sends_only_what_is_missing(smtp: SmtpServer) -> None:
    from newsdesk.channels.briefing.schedule import tick
    from newsdesk.channels.briefing.sending import LEASE, claim_day, run_edition

    day = a_past_day()
    publish_in(day, "Flu clinics open in Tallow Valley")
    addresses = [f"reader{n}@readers.example.test" for n in range(4)]
    for address in addresses:
        subscriber(address)
    t0 = content.window(day)[1] + timedelta(minutes=1)
    edition = claim_day(day, t0)
    assert edition is not None
    with pytest.raises(Crash):
        run_edition(edition.pk, pacer=CrashingPacer(crash_on=3), clock=lambda: t0)  # type: ignore[arg-type]
    assert len(smtp.messages) == 2
    # One more was handed to the mail server when the worker died: never sent again.
    stuck = Delivery.objects.filter(status=Delivery.Status.QUEUED).order_by("id").first()
    assert stuck is not None
    Delivery.objects.filter(pk=stuck.pk).update(status=Delivery.Status.SENDING)

    resumed: list[int] = []
    assert tick(resumed.append, now=t0 + LEASE - timedelta(seconds=1)) == []  # lease holds
    assert tick(resumed.append, now=t0 + LEASE + timedelta(seconds=1)) == [edition.pk]
    report = run_edition(edition.pk, clock=lambda: t0 + LEASE + timedelta(seconds=2))
    assert dict(report.counts) == {"sent": 1} and report.finished
    received = sorted(m.to for m in smtp.messages)
    assert received == sorted(set(received)) and len(received) == 3
    assert stuck.subscriber.email not in received


def test_dry_run_sends_and_stores_nothing(smtp: SmtpServer) -> None:
    day = a_past_day()
    publish_in(day, "Seamount survey maps the ridge", section=section("Science"))
    subscriber("all@readers.example.test")
    subscriber("sport@readers.example.test", sections=[section("Sport")])
    out = StringIO()
    call_command("briefing", "send", "--date", day.isoformat(), "--dry-run", stdout=out)
    assert "1 article(s)" in out.getvalue()
    assert "would send 1 mail(s) to 2 confirmed subscriber(s)" in out.getvalue()
    assert smtp.messages == [] and Edition.objects.count() == 0


@pytest.mark.parametrize("bad", ["2026-13-01", "7 December", "20261207"])
def test_a_bad_date_is_refused_with_the_expected_form(bad: str) -> None:
    with pytest.raises(CommandError, match="expected a date such as"):
        call_command("briefing", "send", "--date", bad)
