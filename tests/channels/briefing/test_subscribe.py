"""The subscribe form, its confirmation mail and link, and the limits that stop mail-bombing."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from newsdesk.channels.briefing import subscriptions, tokens
from newsdesk.channels.briefing.models import Subscriber
from newsdesk.prerender.render import render_path
from tests.channels.briefing.conftest import a_past_day, publish_in, run_tasks, section
from tests.smtp_server import SmtpServer
from tests.support.options import OptionsOverride

pytestmark = pytest.mark.django_db

SAME_SITE = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}


def confirm_link(message: Any) -> str:
    text = message.part("text/plain")
    found = re.search(r"https?://\S+/subscribe/confirm/([^/\s]+)/", text)
    assert found, text
    assert found.group(0) in message.part("text/html")
    return found.group(0)


def test_every_page_carries_the_form_and_stays_the_same_for_everyone(client: Client) -> None:
    article = publish_in(a_past_day(), "Budget adopted", section=section("Local"))
    for path in ("/", article.get_absolute_url(), "/briefing/"):
        response = client.get(path)
        html = response.content.decode()
        assert 'action="/subscribe/"' in html and 'name="email"' in html, path
        assert 'name="sections"' in html and "Local" in html
        assert "csrfmiddlewaretoken" not in html and not response.cookies, path
    # A page with the form can still be rendered once and stored for everyone.
    assert render_path(article.get_absolute_url()).storable


@pytest.mark.django_db(transaction=True)  # the worker and on_commit need committed rows
def test_subscribing_mails_one_link_that_confirms_once(smtp: SmtpServer) -> None:
    sport = section("Sport")
    client = Client(enforce_csrf_checks=True)
    response = client.post("/subscribe/", {"email": " Reader@Readers.Example.test ",
                                           "sections": [str(sport.pk)]}, headers=SAME_SITE)
    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    row = Subscriber.objects.get()
    assert (row.status, row.address_key, row.all_sections) == (
        Subscriber.Status.PENDING, "reader@readers.example.test", True)
    assert row.confirm_token_hash == ""  # the mail is sent by a task, which makes the token
    run_tasks()
    [mail] = smtp.wait_for(1)
    assert mail.to == "Reader@Readers.Example.test"
    assert mail.message["Subject"] == "Confirm your Harlow News briefing"
    link = confirm_link(mail)
    token = link.rstrip("/").rsplit("/", 1)[1]
    row.refresh_from_db()
    assert row.confirm_token_hash == tokens.confirmation_hash(token) != token
    path = link.split("testserver", 1)[-1] if "testserver" in link else \
        "/" + link.split("/", 3)[3]
    # Opening the link asks; it does not act (mail scanners open links too).
    page = client.get(path)
    assert page.status_code == 200 and "Confirm subscription" in page.content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert csrf
    done = client.post(path, {"csrfmiddlewaretoken": csrf.group(1)})
    assert done.status_code == 200 and "You are subscribed" in done.content.decode()
    row.refresh_from_db()
    assert row.status == Subscriber.Status.CONFIRMED and not row.all_sections
    assert list(row.sections.all()) == [sport]
    again = client.post(path, {"csrfmiddlewaretoken": csrf.group(1)})
    assert again.status_code == 404 and "does not work" in again.content.decode()
    assert len(smtp.messages) == 1  # nothing but the confirmation was ever sent


def test_a_post_from_another_site_is_refused_and_stores_nothing(client: Client) -> None:
    for headers in ({"Origin": "https://evil.example.test"},
                    {"Sec-Fetch-Site": "cross-site"},
                    {"Origin": "null"}):
        response = client.post("/subscribe/", {"email": "victim@readers.example.test"},
                               headers=headers)
        assert response.status_code == 403
        assert "sent from another site" in response.content.decode()
        assert "victim@readers.example.test" in response.content.decode()  # nothing lost
    assert not Subscriber.objects.exists()


def test_a_browser_that_does_not_say_where_it_posts_from_confirms_with_a_token(
        smtp: SmtpServer) -> None:
    client = Client(enforce_csrf_checks=True)
    first = client.post("/subscribe/", {"email": "old@readers.example.test"})
    html = first.content.decode()
    assert first.status_code == 200 and "press Subscribe once more" in html
    assert 'value="old@readers.example.test"' in html and not Subscriber.objects.exists()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert token
    second = client.post("/subscribe/", {"email": "old@readers.example.test",
                                         "csrfmiddlewaretoken": token.group(1)})
    assert "Check your inbox" in second.content.decode()
    assert Subscriber.objects.filter(address_key="old@readers.example.test").exists()
    forged = client.post("/subscribe/", {"email": "x@readers.example.test",
                                         "csrfmiddlewaretoken": "x" * 64})
    assert "press Subscribe once more" in forged.content.decode()


@pytest.mark.parametrize(("entered", "says"), [
    ("reader-at-example.test", "is not an email address"),
    ("reader@example", "is not an email address"),
    ("", "Enter your email address"),
    ("a@b.test\r\nBcc: everyone@example.test", "is not an email address"),
])
def test_a_bad_address_gets_a_clear_error_and_keeps_what_was_typed(
        client: Client, entered: str, says: str) -> None:
    sport = section("Sport")
    publish_in(a_past_day(), "Cup final", section=sport)
    response = client.post("/subscribe/", {"email": entered, "sections": [str(sport.pk)]},
                           headers=SAME_SITE)
    html = response.content.decode()
    assert response.status_code == 400
    assert says in html and 'role="alert"' in html and 'aria-invalid="true"' in html
    assert f'value="{sport.pk}" checked' in html
    if entered and "\n" not in entered:
        assert f'value="{entered}"' in html
    assert not Subscriber.objects.exists()


@pytest.mark.django_db(transaction=True)  # the worker and on_commit need committed rows
def test_one_mailbox_gets_one_confirmation_however_often_it_is_entered(
        smtp: SmtpServer, options: OptionsOverride) -> None:
    options.set(NEWSDESK_BRIEFING_RESEND_HOURS=12)
    client = Client()
    for address in ("victim@readers.example.test", "VICTIM@readers.example.test",
                    "victim+news@readers.example.test", "victim@readers.example.test"):
        response = client.post("/subscribe/", {"email": address}, headers=SAME_SITE)
        assert "Check your inbox" in response.content.decode()  # the same answer each time
    run_tasks()
    assert len(smtp.wait_for(1)) == 1
    assert Subscriber.objects.count() == 2  # victim@ and victim+news@, one mail between them
    later = timezone.now() + timedelta(hours=12, minutes=1)
    enqueued: list[int] = []
    assert subscriptions.request_subscription("victim@readers.example.test", [],
                                              enqueued.append, now=later) \
        is subscriptions.Asked.MAILED


def test_the_site_sends_at_most_its_hourly_budget_of_confirmations(
        client: Client, options: OptionsOverride) -> None:
    options.set(NEWSDESK_BRIEFING_CONFIRMS_PER_HOUR=2)
    for n in range(2):
        client.post("/subscribe/", {"email": f"r{n}@readers.example.test"}, headers=SAME_SITE)
    response = client.post("/subscribe/", {"email": "third@readers.example.test"},
                           headers=SAME_SITE)
    html = response.content.decode()
    assert response.status_code == 429 and "press Subscribe again in an hour" in html
    assert 'value="third@readers.example.test"' in html
    assert not Subscriber.objects.filter(address_key="third@readers.example.test").exists()


@pytest.mark.django_db(transaction=True)  # the worker and on_commit need committed rows
def test_a_confirmed_reader_changing_sections_must_confirm_the_change(smtp: SmtpServer) -> None:
    local, sport = section("Local"), section("Sport")
    enqueued: list[int] = []
    subscriptions.request_subscription("fan@readers.example.test", [local.pk], enqueued.append)
    assert enqueued  # on_commit ran: this test commits
    from newsdesk.channels.briefing.confirming import send_confirmation

    assert send_confirmation(enqueued[0]) == "sent"
    token = confirm_link(smtp.wait_for(1)[0]).rstrip("/").rsplit("/", 1)[1]
    assert subscriptions.confirm(token) is not None
    Subscriber.objects.update(confirm_sent_at=timezone.now() - timedelta(days=1))
    client = Client()
    client.post("/subscribe/", {"email": "fan@readers.example.test",
                                "sections": [str(sport.pk)]}, headers=SAME_SITE)
    row = Subscriber.objects.get()
    assert [s.name for s in row.sections.all()] == ["Local"]  # unchanged until confirmed
    run_tasks()
    token = confirm_link(smtp.wait_for(2)[1]).rstrip("/").rsplit("/", 1)[1]
    subscriptions.confirm(token)
    assert [s.name for s in row.sections.all()] == ["Sport"]


def test_an_expired_link_does_not_work_and_unconfirmed_addresses_are_deleted(
        client: Client, options: OptionsOverride) -> None:
    options.set(NEWSDESK_BRIEFING_CONFIRM_HOURS=48)
    token, digest = tokens.new_confirmation()
    old = timezone.now() - timedelta(hours=49)
    row = Subscriber.objects.create(email="late@readers.example.test",
                                    address_key="late@readers.example.test",
                                    mailbox_key="late@readers.example.test",
                                    confirm_token_hash=digest, confirm_sent_at=old,
                                    unsubscribe_nonce=tokens.new_nonce())
    Subscriber.objects.filter(pk=row.pk).update(created_at=old)
    response = client.get(f"/subscribe/confirm/{token}/")
    assert response.status_code == 404 and "has expired" in response.content.decode()
    assert subscriptions.confirm(token) is None
    assert client.get("/subscribe/confirm/not-a-real-token/").status_code == 404
    assert subscriptions.expire_unconfirmed() == 1
    assert not Subscriber.objects.exists()


@pytest.mark.django_db(transaction=True)  # the worker and on_commit need committed rows
def test_an_address_refused_for_good_is_forgotten(smtp: SmtpServer) -> None:
    smtp.refuse("nobody@readers.example.test", "550 5.1.1 No such user")
    Client().post("/subscribe/", {"email": "nobody@readers.example.test"}, headers=SAME_SITE)
    run_tasks()
    assert smtp.attempts("nobody@readers.example.test") == 1 and smtp.messages == []
    assert not Subscriber.objects.exists()


@pytest.mark.django_db(transaction=True)  # the worker and on_commit need committed rows
def test_a_temporary_refusal_of_the_confirmation_is_retried_later(smtp: SmtpServer) -> None:
    from django_tasks_db.models import DBTaskResult

    smtp.refuse("slow@readers.example.test", "451 4.3.0 Try later")
    Client().post("/subscribe/", {"email": "slow@readers.example.test"}, headers=SAME_SITE)
    run_tasks()
    assert smtp.messages == []
    waiting = DBTaskResult.objects.filter(status="READY").get()
    assert waiting.args_kwargs["args"][1] == 2 and waiting.run_after > timezone.now()
    DBTaskResult.objects.filter(pk=waiting.pk).update(run_after=timezone.now())
    run_tasks()
    assert [m.to for m in smtp.wait_for(1)] == ["slow@readers.example.test"]
