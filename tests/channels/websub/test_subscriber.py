"""Subscribing to a source's hub: the request, the hub's verification, pushes checked
against the subscription's secret and ingested through intake, leases, and hubs that
refuse or never verify — with polling slowed only while a hub really pushes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from newsdesk.channels.websub import subscribing
from newsdesk.channels.websub.models import Push, Subscription
from newsdesk.intake.models import FetchAttempt, Source, SourceItem
from newsdesk.intake.services import read_source
from newsdesk.reader.websub import sign
from tests.channels.websub.conftest import FeedServer, Hub, rss, run_tasks
from tests.support.options import OptionsOverride

pytestmark = pytest.mark.django_db(transaction=True)  # the worker closes its connection

SITE = "http://127.0.0.1:8000"
State = Subscription.State


@pytest.fixture(autouse=True)
def _site(options: OptionsOverride) -> None:
    options.set(NEWSDESK_SITE_URL=SITE, NEWSDESK_WEBSUB_LEASE_SECONDS=3600,
                NEWSDESK_WEBSUB_POLL_SECONDS=86400)


def a_source(feed_server: FeedServer, hub: Hub, *titles: str) -> Source:
    """A feed source whose feed names ``hub``, read once (as the scheduler would)."""
    feed_server.body = rss(*titles or ("Harbour opens",), hub=hub.url,
                           self_url=feed_server.url)
    source = Source.objects.create(name="Outlet", kind="feed", location=feed_server.url)
    read_source(source)
    return source


def subscribed(feed_server: FeedServer, hub: Hub, client: Client) -> Subscription:
    """A source whose hub took the request and verified it."""
    source = a_source(feed_server, hub)
    run_tasks()
    subscription = Subscription.objects.get(source=source)
    answer = client.get(f"/websub/callback/{subscription.pk}/", {
        "hub.mode": "subscribe", "hub.topic": feed_server.url, "hub.challenge": "c-123",
        "hub.lease_seconds": "3600"})
    assert answer.status_code == 200 and answer.content == b"c-123"
    subscription.refresh_from_db()
    return subscription


def push(client: Client, subscription: Subscription, body: bytes, signature: str) -> int:
    headers = {"X-Hub-Signature": signature} if signature else {}
    answer = client.post(f"/websub/callback/{subscription.pk}/", body,
                         content_type="application/rss+xml", headers=headers)
    return int(answer.status_code)


def test_a_feed_naming_a_hub_is_subscribed_to(feed_server: FeedServer, hub: Hub) -> None:
    source = a_source(feed_server, hub)
    subscription = Subscription.objects.get(source=source)
    assert subscription.hub == hub.url and subscription.topic == feed_server.url
    assert subscription.state == State.NEW
    run_tasks()
    [asked] = hub.requests
    assert asked == {"hub.mode": "subscribe", "hub.topic": feed_server.url,
                     "hub.callback": f"{SITE}/websub/callback/{subscription.pk}/",
                     "hub.secret": subscription.secret, "hub.lease_seconds": "3600"}
    subscription.refresh_from_db()
    assert subscription.state == State.REQUESTED and subscription.requested_at is not None
    assert len(subscription.secret) >= 40


def test_a_feed_naming_no_hub_is_only_polled(feed_server: FeedServer) -> None:
    feed_server.body = rss("Harbour opens")
    source = Source.objects.create(name="Outlet", kind="feed", location=feed_server.url)
    read_source(source)
    assert not Subscription.objects.exists()


def test_the_hub_in_the_link_header_wins(feed_server: FeedServer, hub: Hub) -> None:
    feed_server.link = f'<{hub.url}>; rel="hub", <{feed_server.url}?v=2>; rel="self"'
    feed_server.body = rss("Harbour opens", hub="https://other-hub.example.test/")
    source = Source.objects.create(name="Outlet", kind="feed", location=feed_server.url)
    read_source(source)
    subscription = Subscription.objects.get(source=source)
    assert (subscription.hub, subscription.topic) == (hub.url, f"{feed_server.url}?v=2")


def test_verification_activates_and_slows_polling(feed_server: FeedServer, hub: Hub,
                                                   client: Client) -> None:
    before = timezone.now()
    subscription = subscribed(feed_server, hub, client)
    assert subscription.state == State.ACTIVE and subscription.requested_at is None
    assert subscription.lease_expires_at is not None and subscription.verified_at is not None
    assert subscription.lease_expires_at - subscription.verified_at == timedelta(hours=1)
    source = subscription.source
    source.refresh_from_db()
    assert source.next_check_at is not None
    assert source.next_check_at >= before + timedelta(seconds=86400)
    # Each poll after that leaves the safety-net interval standing.
    read_source(source)
    source.refresh_from_db()
    assert source.next_check_at >= before + timedelta(seconds=86400)


def test_a_verification_nobody_asked_for_is_refused(feed_server: FeedServer, hub: Hub,
                                                     client: Client) -> None:
    subscription = subscribed(feed_server, hub, client)
    url = f"/websub/callback/{subscription.pk}/"
    again = {"hub.mode": "subscribe", "hub.topic": feed_server.url, "hub.challenge": "x",
             "hub.lease_seconds": "60"}
    assert client.get(url, again).status_code == 404  # no request is out
    assert client.get(url, {**again, "hub.mode": "unsubscribe"}).status_code == 404
    # A denial nobody can sign is taken only while a request is out: not now.
    assert client.get(url, {**again, "hub.mode": "denied"}).status_code == 404
    assert client.get("/websub/callback/999999/", again).status_code == 404
    subscription.refresh_from_db()
    assert subscription.lease_seconds == 3600 and subscription.state == State.ACTIVE


def test_a_verification_for_another_topic_is_refused(feed_server: FeedServer, hub: Hub,
                                                      client: Client) -> None:
    source = a_source(feed_server, hub)
    run_tasks()
    subscription = Subscription.objects.get(source=source)
    answer = client.get(f"/websub/callback/{subscription.pk}/", {
        "hub.mode": "subscribe", "hub.topic": "https://elsewhere.example.test/feed",
        "hub.challenge": "x", "hub.lease_seconds": "60"})
    assert answer.status_code == 404
    subscription.refresh_from_db()
    assert subscription.state == State.REQUESTED


@pytest.mark.parametrize("algorithm", ["sha1", "sha256", "sha384", "sha512"])
def test_a_signed_push_is_ingested_at_once(feed_server: FeedServer, hub: Hub, client: Client,
                                           algorithm: str) -> None:
    subscription = subscribed(feed_server, hub, client)
    polls = FetchAttempt.objects.count()
    body = rss("Harbour opens", "Tram line extended to Oldmere")
    assert push(client, subscription, body, sign(algorithm, subscription.secret, body)) == 202
    run_tasks()
    titles = set(SourceItem.objects.filter(source=subscription.source)
                 .values_list("title", flat=True))
    assert "Tram line extended to Oldmere" in titles
    [logged] = Push.objects.all()
    assert logged.outcome == Push.Outcome.INGESTED and logged.body == b""
    assert "1 new" in logged.detail
    # It went through intake's own path: one attempt more on the source's log.
    assert FetchAttempt.objects.count() == polls + 1
    # ... and on into processing, as a polled refresh's items do.
    assert DBTaskResult.objects.filter(task_path__endswith="process_item_task").exists()


@pytest.mark.parametrize("signature", ["", "sha256=00ff", "md5=abc"])
def test_a_push_with_a_bad_signature_is_refused_and_nothing_stored(
        feed_server: FeedServer, hub: Hub, client: Client, signature: str) -> None:
    subscription = subscribed(feed_server, hub, client)
    items = SourceItem.objects.count()
    body = rss("Forged story about the mayor")
    assert push(client, subscription, body, signature) == 403
    run_tasks()
    assert SourceItem.objects.count() == items
    assert not SourceItem.objects.filter(title__contains="Forged").exists()
    [logged] = Push.objects.all()
    assert logged.outcome == Push.Outcome.REFUSED and logged.body == b""
    assert ("no X-Hub-Signature" if not signature else "does not match") in logged.detail


def test_a_push_signed_with_another_secret_is_refused(feed_server: FeedServer, hub: Hub,
                                                      client: Client) -> None:
    subscription = subscribed(feed_server, hub, client)
    body = rss("Forged story")
    assert push(client, subscription, body, sign("sha256", "not-the-secret", body)) == 403
    assert Push.objects.get().outcome == Push.Outcome.REFUSED


def test_a_push_to_an_unknown_subscription_is_gone(client: Client) -> None:
    body = rss("Anything")
    answer = client.post("/websub/callback/424242/", body, content_type="application/rss+xml",
                         HTTP_X_HUB_SIGNATURE=sign("sha256", "x", body))
    assert answer.status_code == 410
    assert Push.objects.get().outcome == Push.Outcome.UNKNOWN


def test_a_hub_that_never_verifies_leaves_a_clear_error_and_polling_goes_on(
        feed_server: FeedServer, hub: Hub) -> None:
    source = a_source(feed_server, hub)
    source.refresh_from_db()
    planned = source.next_check_at
    run_tasks()
    subscription = Subscription.objects.get(source=source)
    assert subscription.requested_at is not None
    queued: list[int] = []
    assert subscribing.tick(queued.append, now=subscription.requested_at + timedelta(
        minutes=59))["unverified"] == 0
    counts = subscribing.tick(queued.append,
                              now=subscription.requested_at + timedelta(minutes=61))
    assert counts["unverified"] == 1
    subscription.refresh_from_db()
    assert subscription.state == State.FAILED and subscription.requested_at is None
    assert "never verified it" in subscription.last_error
    assert f"/websub/callback/{subscription.pk}/" in subscription.last_error
    source.refresh_from_db()
    assert source.next_check_at == planned  # polling untouched
    assert subscription.retry_at is not None and subscription.retry_at > timezone.now()


def test_a_hub_that_refuses_the_request_leaves_its_answer(feed_server: FeedServer,
                                                          hub: Hub) -> None:
    hub.status, hub.answer = 400, b"hub.callback must be https"
    source = a_source(feed_server, hub)
    run_tasks()
    subscription = Subscription.objects.get(source=source)
    assert subscription.state == State.FAILED
    assert subscription.last_error == (f"the hub {hub.url} answered 400 Bad Request: "
                                       "hub.callback must be https")


def test_a_denial_is_recorded(feed_server: FeedServer, hub: Hub, client: Client) -> None:
    source = a_source(feed_server, hub)
    run_tasks()
    subscription = Subscription.objects.get(source=source)
    answer = client.get(f"/websub/callback/{subscription.pk}/", {
        "hub.mode": "denied", "hub.topic": feed_server.url, "hub.reason": "topic unknown"})
    assert answer.status_code == 200
    subscription.refresh_from_db()
    assert subscription.state == State.DENIED
    assert subscription.last_error == "the hub denied the subscription: topic unknown"


def test_a_lease_is_renewed_before_it_ends_and_polling_resumes_when_it_ends(
        feed_server: FeedServer, hub: Hub, client: Client) -> None:
    subscription = subscribed(feed_server, hub, client)
    assert subscription.lease_expires_at is not None
    ends = subscription.lease_expires_at
    queued: list[int] = []
    assert subscribing.tick(queued.append, now=ends - timedelta(hours=2))["renewing"] == 0
    assert subscribing.tick(queued.append, now=ends - timedelta(minutes=50))["renewing"] == 1
    assert queued == [subscription.pk]
    # Queued once: the next round leaves it alone while the request is out.
    assert subscribing.tick(queued.append, now=ends - timedelta(minutes=49))["renewing"] == 0
    # The renewal is never verified and the lease runs out: polling comes back at once.
    counts = subscribing.tick(queued.append, now=ends + timedelta(seconds=1))
    assert counts["expired"] == 1
    subscription.refresh_from_db()
    assert subscription.state == State.EXPIRED
    source = Source.objects.get(pk=subscription.source_id)
    assert source.next_check_at is not None
    assert source.next_check_at <= ends + timedelta(seconds=1)
