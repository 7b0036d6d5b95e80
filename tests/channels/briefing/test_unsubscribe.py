"""Unsubscribing: one click from the mail's link or an RFC 8058 POST; an admin can delete too.
A changed or made-up token unsubscribes nobody."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from newsdesk.channels.briefing import compose, content, tokens
from newsdesk.channels.briefing.models import Delivery, Subscriber
from newsdesk.channels.briefing.sending import claim_day, run_edition
from tests.channels.briefing.conftest import a_past_day, publish_in, subscriber
from tests.smtp_server import SmtpServer

pytestmark = pytest.mark.django_db


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_one_click_post_from_a_mail_program_deletes_the_address(smtp: SmtpServer) -> None:
    day = a_past_day()
    publish_in(day, "Winter outages: what to do")
    reader = subscriber("reader@readers.example.test")
    other = subscriber("other@readers.example.test")
    edition = claim_day(day, content.window(day)[1])
    assert edition is not None
    run_edition(edition.pk)
    mail = smtp.to("reader@readers.example.test")[0]
    https = re.findall(r"<([^>]+)>", mail.message["List-Unsubscribe"])[0]
    assert https == compose.unsubscribe_url(reader) and https in mail.part("text/plain")
    # As RFC 8058 has it: a POST with this one field, no cookie, no CSRF token.
    client = Client(enforce_csrf_checks=True)
    response = client.post(path_of(https), data="List-Unsubscribe=One-Click",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200 and "You are unsubscribed" in response.content.decode()
    assert not Subscriber.objects.filter(pk=reader.pk).exists()
    assert not Delivery.objects.filter(subscriber_id=reader.pk).exists()  # nothing kept
    assert Subscriber.objects.filter(pk=other.pk).exists()
    again = client.post(path_of(https), data="List-Unsubscribe=One-Click",
                        content_type="application/x-www-form-urlencoded")
    assert again.status_code == 404 and "already been unsubscribed" in again.content.decode()


def test_the_link_asks_first_and_its_button_unsubscribes(client: Client) -> None:
    reader = subscriber("reader@readers.example.test")
    path = path_of(compose.unsubscribe_url(reader))
    page = client.get(path)
    html = page.content.decode()
    assert page.status_code == 200 and "reader@readers.example.test" in html
    assert '<button type="submit">Unsubscribe</button>' in html
    assert Subscriber.objects.filter(pk=reader.pk).exists()  # a GET (a link scanner) is harmless
    client.post(path, {"List-Unsubscribe": "One-Click"})
    assert not Subscriber.objects.exists()


def test_a_changed_or_made_up_token_unsubscribes_nobody(client: Client, settings: Any) -> None:
    victim = subscriber("victim@readers.example.test")
    attacker = subscriber("attacker@readers.example.test")
    own = tokens.unsubscribe_token(attacker.pk, attacker.unsubscribe_nonce)
    _, _, signature = own.rpartition(":")
    forged = [
        own.replace(f"{attacker.pk}.", f"{victim.pk}.", 1),  # someone else's id, own signature
        f"{victim.pk}.{attacker.unsubscribe_nonce}:{signature}",
        tokens.unsubscribe_token(victim.pk, "guessed-nonce"),  # right key, wrong nonce
        "1.x:y", "nonsense",
    ]
    for token in forged:
        assert client.post(f"/subscribe/unsubscribe/{token}/").status_code == 404, token
        assert client.get(f"/subscribe/unsubscribe/{token}/").status_code == 404, token
    assert Subscriber.objects.count() == 2
    settings.SECRET_KEY = "another-site-entirely-" + "k" * 40
    assert client.post(path_of(compose.unsubscribe_url(victim))).status_code == 200
    assert client.post(f"/subscribe/unsubscribe/{own}/").status_code == 404  # old key's token


def test_an_admin_can_delete_an_address_and_editors_cannot_see_any() -> None:
    reader = subscriber("reader@readers.example.test")
    admin = User.objects.create_superuser("ada", password="long-enough-pass-1")
    client = Client()
    client.force_login(admin)
    listing = client.get("/admin/briefing/subscriber/")
    assert listing.status_code == 200 and "reader@readers.example.test" in \
        listing.content.decode()
    assert client.get("/admin/briefing/subscriber/add/").status_code == 403
    assert client.post(f"/admin/briefing/subscriber/{reader.pk}/delete/",
                       {"post": "yes"}).status_code == 302
    assert not Subscriber.objects.exists()
    editor = User.objects.create_user("ed", password="long-enough-pass-2", is_staff=True)
    editor.groups.add(Group.objects.get(name="editor"))
    client.force_login(editor)
    assert client.get("/admin/briefing/subscriber/").status_code == 403
