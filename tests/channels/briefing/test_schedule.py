"""Once a day, also with two schedulers, two workers or a restart: the database decides."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from newsdesk.channels.briefing import content
from newsdesk.channels.briefing.models import Delivery, Edition
from newsdesk.channels.briefing.schedule import tick
from newsdesk.channels.briefing.sending import claim_day, run_edition
from newsdesk.cli.runtime import LOOPS
from tests.channels.briefing.conftest import a_past_day, publish_in, run_tasks, subscriber
from tests.smtp_server import SmtpServer

pytestmark = pytest.mark.django_db


def at_once(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls in threads released together, each on its own database connection."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(n: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[n] = call()
        except BaseException as exc:  # handed to the test below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n, c)) for n, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results


@pytest.mark.django_db(transaction=True)  # each thread has its own connection
def test_two_schedulers_claim_the_day_once_and_a_restart_claims_nothing(
        smtp: SmtpServer) -> None:
    day = a_past_day()
    publish_in(day, "Corrin river clean-up collects four tonnes")
    for n in range(5):
        subscriber(f"reader{n}@readers.example.test")
    due = content.window(day)[1] + timedelta(seconds=30)
    assert content.due_day(due) == day
    first: list[int] = []
    second: list[int] = []
    at_once(lambda: tick(first.append, now=due), lambda: tick(second.append, now=due))
    assert len(first) + len(second) == 1
    assert Edition.objects.filter(day=day).count() == 1
    # The winner's run is a task, sent by the worker at the configured pace.
    from newsdesk.channels.briefing.tasks import enqueue_edition

    enqueue_edition((first + second)[0])
    run_tasks()
    received = [m.to for m in smtp.messages]
    assert sorted(received) == sorted(f"reader{n}@readers.example.test" for n in range(5))
    # A restart later that day (or a third scheduler) finds the row and sends nothing.
    later: list[int] = []
    assert tick(later.append, now=due + timedelta(hours=20)) == []
    run_tasks()
    assert len(smtp.messages) == 5


@pytest.mark.django_db(transaction=True)  # each thread has its own connection
def test_two_workers_on_one_edition_send_each_message_once(smtp: SmtpServer) -> None:
    day = a_past_day()
    publish_in(day, "Vessbridge museum reopens")
    for n in range(12):
        subscriber(f"reader{n}@readers.example.test")
    now = content.window(day)[1] + timedelta(minutes=1)
    edition = claim_day(day, now)
    assert edition is not None
    reports = at_once(lambda: run_edition(edition.pk, clock=lambda: now),
                      lambda: run_edition(edition.pk, clock=lambda: now))
    received = [m.to for m in smtp.messages]
    assert len(received) == 12 and len(set(received)) == 12
    assert sum(r.counts["sent"] for r in reports) == 12
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 12


def test_a_site_without_subscribers_keeps_no_daily_rows() -> None:
    enqueued: list[int] = []
    assert tick(enqueued.append, now=content.window(a_past_day())[1]) == []
    assert Edition.objects.count() == 0


def test_the_schedule_command_and_newsdesk_run_drive_the_briefing(smtp: SmtpServer) -> None:
    from newsdesk.channels.briefing.schedule import run_forever

    assert run_forever in LOOPS
    subscriber("reader@readers.example.test")
    out = StringIO()
    call_command("schedule", once=True, stdout=out)
    assert "1 briefing run(s) started" in out.getvalue()
    call_command("schedule", once=True, stdout=out)
    assert out.getvalue().count("0 briefing run(s) started") == 1
    assert Edition.objects.count() == 1


def test_delivery_records_go_after_a_month_and_the_day_stays_claimed(smtp: SmtpServer) -> None:
    from newsdesk.channels.briefing.sending import KEEP_DELIVERIES

    day = a_past_day(days_ago=40)
    publish_in(day, "An old story")
    subscriber("reader@readers.example.test")
    now = content.window(day)[1]
    edition = claim_day(day, now)
    assert edition is not None and run_edition(edition.pk, clock=lambda: now).finished
    assert Delivery.objects.count() == 1
    tick(lambda _: None, now=now + KEEP_DELIVERIES - timedelta(days=1))
    assert Delivery.objects.count() == 1
    tick(lambda _: None, now=now + KEEP_DELIVERIES + timedelta(days=1))
    assert Delivery.objects.count() == 0
    assert claim_day(day, now) is None  # still never sent twice
