"""Endpoints from the command line and the admin: a secret to hand on, a clear refusal
of a URL newsdesk cannot POST to (and nothing stored), list, remove."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from newsdesk.channels.webhooks.models import Attempt, Delivery, Endpoint

pytestmark = pytest.mark.django_db

ADD = "/admin/webhooks/endpoint/add/"


def webhooks(*args: str) -> str:
    out = StringIO()
    call_command("webhooks", *args, stdout=out)
    return out.getvalue()


def test_add_prints_the_secret_and_stores_the_endpoint() -> None:
    out = webhooks("add", "https://hooks.example.test/in", "--events",
                   "article.published,article.withdrawn")
    endpoint = Endpoint.objects.get()
    assert endpoint.url == "https://hooks.example.test/in"
    assert endpoint.events == ["article.published", "article.withdrawn"]
    assert re.fullmatch(r"whsec_[A-Za-z0-9+/]{43}=", endpoint.secret)
    assert f"secret: {endpoint.secret}" in out
    listed = webhooks("list")
    assert f"{endpoint.pk}\thttps://hooks.example.test/in" in listed and "\tactive" in listed
    assert endpoint.secret not in listed  # shown once, when added


def test_every_endpoint_gets_its_own_secret() -> None:
    webhooks("add", "https://a.example.test/in")
    webhooks("add", "https://b.example.test/in")
    first, second = Endpoint.objects.order_by("id")
    assert first.secret != second.secret
    assert first.events == ["article.published", "article.updated", "article.withdrawn"]


@pytest.mark.parametrize(("url", "says"), [
    ("ftp://hooks.example.test/in", "is not an http(s) URL"),
    ("hooks.example.test/in", "is not an http(s) URL"),
    ("javascript:alert(1)", "is not an http(s) URL"),
    ("https:///in", "has no host name"),
    ("http://10.1.2.3/in", "NEWSDESK_FETCH_ALLOW_NETWORKS"),
])
def test_a_url_newsdesk_cannot_post_to_is_refused_and_nothing_stored(url: str,
                                                                     says: str) -> None:
    with pytest.raises(CommandError, match=re.escape(says)):
        webhooks("add", url)
    assert not Endpoint.objects.exists()


def test_unknown_events_are_refused() -> None:
    with pytest.raises(CommandError, match=r"unknown event type.*article\.deleted"):
        webhooks("add", "https://hooks.example.test/in", "--events", "article.deleted")
    assert not Endpoint.objects.exists()


def test_remove_deletes_the_endpoint_and_its_log() -> None:
    webhooks("add", "https://hooks.example.test/in")
    endpoint = Endpoint.objects.get()
    delivery = Delivery.objects.create(endpoint=endpoint, event_type="article.published",
                                       article_id=1, message_id="msg_1", body="{}")
    Attempt.objects.create(delivery=delivery, at=timezone.now(), status_code=500)
    assert webhooks("remove", str(endpoint.pk)) == f"endpoint {endpoint.pk} removed\n"
    assert not Endpoint.objects.exists() and not Attempt.objects.exists()
    with pytest.raises(CommandError, match="no webhook endpoint"):
        webhooks("remove", str(endpoint.pk))


def test_the_admin_adds_an_endpoint_with_a_secret_and_refuses_a_bad_url(
        admin_client: Client) -> None:
    refused = admin_client.post(ADD, {"url": "gopher://hooks.example.test/in",
                                      "events": ["article.published"], "active": "on"})
    assert refused.status_code == 200
    assert "is not an http(s) URL" in refused.content.decode()
    assert not Endpoint.objects.exists()

    assert admin_client.get(ADD).status_code == 200
    added = admin_client.post(ADD, {"url": "https://hooks.example.test/in",
                                    "events": ["article.updated"], "active": "on"})
    assert added.status_code == 302, added.content.decode()[:2000]
    endpoint = Endpoint.objects.get()
    assert endpoint.events == ["article.updated"]
    assert endpoint.secret.startswith("whsec_")
    page = admin_client.get(added["Location"]).content.decode()
    assert endpoint.secret in page  # the message naming the secret to hand on


def test_the_admin_shows_each_attempt_of_a_delivery(admin_client: Client) -> None:
    webhooks("add", "https://hooks.example.test/in")
    delivery = Delivery.objects.create(endpoint=Endpoint.objects.get(),
                                       event_type="article.published", article_id=7,
                                       message_id="msg_7", body="{}")
    Attempt.objects.create(delivery=delivery, at=timezone.now(), status_code=503,
                           latency_ms=812, error="answered 503 Service Unavailable")
    page = admin_client.get(f"/admin/webhooks/delivery/{delivery.pk}/change/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "812" in text and "answered 503 Service Unavailable" in text
    listing = admin_client.get("/admin/webhooks/endpoint/").content.decode()
    assert "hooks.example.test" in listing and "active" in listing
