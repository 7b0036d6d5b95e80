"""Every publication event reaches the endpoints that want it, signed so the Standard
Webhooks reference library verifies it; failures are logged, retried, and finally given
up — or the endpoint switched off."""

from __future__ import annotations

import itertools
import json
from datetime import timedelta

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from newsdesk.articles import workflow
from newsdesk.articles.models import Article
from newsdesk.articles.serializers import article_payload
from newsdesk.channels.webhooks import endpoints
from newsdesk.channels.webhooks.announce import PUBLISHED, announce
from newsdesk.channels.webhooks.delivery import attempt
from newsdesk.channels.webhooks.models import Attempt, Delivery
from tests.channels.webhooks.conftest import Receiver, payload, run_tasks
from tests.support.commit import committed
from tests.support.factories import make_article
from tests.support.options import OptionsOverride

pytestmark = pytest.mark.django_db(transaction=True)  # the worker closes its connection

SITE = "https://news.example.test"


@pytest.fixture(autouse=True)
def _site(options: OptionsOverride) -> None:
    options.set(NEWSDESK_SITE_URL=SITE)


def test_a_published_article_arrives_signed_with_its_api_representation(
        receiver: Receiver) -> None:
    endpoint = endpoints.add(receiver.url("/ok"))
    article = make_article("Harbour bridge reopens after repairs")
    run_tasks()

    [got] = receiver.received
    data = got.verified(endpoint.secret)  # raises unless the signature is right
    assert data["type"] == "article.published"
    assert data["data"]["url"] == f"{SITE}{article.get_absolute_url()}"
    assert data["data"]["slug"] == article.slug
    expected = json.loads(json.dumps(article_payload(article), cls=DjangoJSONEncoder))
    assert data["data"]["article"] == expected
    assert article.source_item.text not in got.body.decode()  # never the source's text
    delivery = Delivery.objects.get()
    assert got.headers["webhook-id"] == delivery.message_id
    assert delivery.status == Delivery.Status.DELIVERED and delivery.attempts == 1
    [logged] = delivery.attempt_log.all()
    assert logged.status_code == 204 and logged.error == "" and logged.latency_ms >= 0


def test_a_tampered_body_or_another_secret_does_not_verify(receiver: Receiver) -> None:
    from standardwebhooks.webhooks import WebhookVerificationError

    endpoint = endpoints.add(receiver.url("/ok"))
    other = endpoints.add(receiver.url("/ok"))
    make_article("Library extends opening hours")
    run_tasks()
    first, second = receiver.received
    mine = first if first.headers["webhook-id"] == Delivery.objects.get(
        endpoint=endpoint).message_id else second
    mine.verified(endpoint.secret)
    with pytest.raises(WebhookVerificationError):
        mine.verified(other.secret)
    mine.body = mine.body.replace(b"Library", b"Lottery")
    with pytest.raises(WebhookVerificationError):
        mine.verified(endpoint.secret)


def test_updates_and_withdrawals_are_sent_to_endpoints_that_want_them(
        receiver: Receiver) -> None:
    everything = endpoints.add(receiver.url("/ok"))
    only_withdrawn = endpoints.add(receiver.url("/ok"), ["article.withdrawn"])
    article = make_article("Ferry fares rise in spring")
    run_tasks()  # each is told as it stands when its task runs: published, then updated
    with committed(), workflow.changing(article):
        article.headline = "Ferry fares rise in April"
        article.save()
    run_tasks()
    with committed():
        workflow.reject(article, None)
    run_tasks()

    kinds = [(Delivery.objects.get(message_id=r.headers["webhook-id"]).endpoint_id,
              payload(r)["type"]) for r in receiver.received]
    assert sorted(kinds) == sorted([
        (everything.pk, "article.published"), (everything.pk, "article.updated"),
        (everything.pk, "article.withdrawn"), (only_withdrawn.pk, "article.withdrawn")])
    updated = next(payload(r) for r in receiver.received
                   if payload(r)["type"] == "article.updated")
    assert updated["data"]["article"]["headline"] == "Ferry fares rise in April"
    withdrawn = next(r for r in receiver.received if payload(r)["type"] == "article.withdrawn")
    assert withdrawn.verified(
        only_withdrawn.secret if Delivery.objects.get(
            message_id=withdrawn.headers["webhook-id"]).endpoint_id == only_withdrawn.pk
        else everything.secret)["data"] == {
            "slug": article.slug, "url": f"{SITE}{article.get_absolute_url()}",
            "article": None}


def test_an_embargoed_article_is_announced_at_its_time_not_before(receiver: Receiver) -> None:
    endpoints.add(receiver.url("/ok"))
    at = timezone.now() + timedelta(hours=6)
    article = make_article("Budget figures under embargo", published_at=at)
    run_tasks()
    assert receiver.received == []
    [queued] = DBTaskResult.objects.filter(task_path__endswith="announce_task")
    assert queued.run_after == at
    # Even run early, the announcement reads through published() and says nothing.
    assert announce(PUBLISHED, article.pk, slug=article.slug, url="/") == []

    # The embargo ends (no save: nothing fires then) and the queued task falls due.
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now())
    DBTaskResult.objects.filter(pk=queued.pk).update(run_after=timezone.now())
    run_tasks()
    [got] = receiver.received
    assert payload(got)["type"] == "article.published"
    assert payload(got)["data"]["slug"] == article.slug


def test_a_failing_receiver_is_retried_with_growing_waits_for_a_day(
        receiver: Receiver) -> None:
    endpoint = endpoints.add(receiver.url("/fail"))
    make_article("Water main bursts on Quay Street")
    run_tasks()
    delivery = Delivery.objects.get()
    first = delivery.attempt_log.get()
    assert first.status_code == 500
    assert first.error == "answered 500 Internal Server Error"
    assert first.response == "database is down"
    assert delivery.status == Delivery.Status.PENDING
    assert delivery.next_attempt_at == first.at + timedelta(seconds=5)

    while (outcome := attempt(delivery.pk, now=delivery.next_attempt_at)).status == "retry":
        delivery.refresh_from_db()
    delivery.refresh_from_db()
    assert outcome.status == "given_up"
    times = list(Attempt.objects.filter(delivery=delivery).order_by("at")
                 .values_list("at", flat=True))
    waits = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert waits == [timedelta(seconds=5), timedelta(minutes=5), timedelta(minutes=30),
                     timedelta(hours=2), timedelta(hours=5), timedelta(hours=10)]
    assert delivery.status == Delivery.Status.GIVEN_UP
    assert delivery.last_error.startswith("gave up after 7 attempt(s) in 24 h")
    endpoint.refresh_from_db()
    assert endpoint.active and endpoint.failing_since == first.at  # a day is not "days"


def test_retry_after_stretches_the_wait(receiver: Receiver) -> None:
    endpoints.add(receiver.url("/busy"))
    make_article("Council meeting moved to Thursday")
    run_tasks()
    delivery = Delivery.objects.get()
    logged = delivery.attempt_log.get()
    assert logged.status_code == 429
    assert delivery.next_attempt_at == logged.at + timedelta(hours=1)


def test_an_endpoint_failing_for_days_is_switched_off_and_says_so(
        receiver: Receiver, options: OptionsOverride) -> None:
    from io import StringIO

    from django.core.management import call_command

    options.set(NEWSDESK_WEBHOOK_DISABLE_DAYS=2)
    endpoint = endpoints.add(receiver.url("/fail"))
    make_article("Old pier closed for inspection")
    run_tasks()
    first = Attempt.objects.get()
    started = first.at
    make_article("Pier inspection finds rot")
    run_tasks()
    later = Delivery.objects.exclude(pk=first.delivery_id).get()
    assert attempt(later.pk, now=started + timedelta(days=2, seconds=1)).status == "given_up"

    endpoint.refresh_from_db()
    assert not endpoint.active
    assert "every delivery failed since" in endpoint.disabled_reason
    assert "answered 500" in endpoint.disabled_reason
    assert not Delivery.objects.filter(status=Delivery.Status.PENDING).exists()
    listed = StringIO()
    call_command("webhooks", "list", stdout=listed)
    assert endpoint.disabled_reason in listed.getvalue()

    # Switched off, it is sent nothing more, until it is switched on again.
    receiver.received.clear()
    make_article("Pier reopens to walkers")
    run_tasks()
    assert receiver.received == []
    call_command("webhooks", "enable", str(endpoint.pk), stdout=StringIO())
    endpoint.refresh_from_db()
    assert endpoint.active and endpoint.failing_since is None and not endpoint.disabled_reason


def test_a_receiver_that_never_answers_times_out(
        receiver: Receiver, options: OptionsOverride) -> None:
    options.set(NEWSDESK_WEBHOOK_TIMEOUT=0.3)
    endpoints.add(receiver.url("/hang"))
    make_article("Snow closes the coast road")
    run_tasks()
    logged = Attempt.objects.get()
    assert logged.status_code is None
    assert logged.error.startswith("timeout:")
    assert 250 <= logged.latency_ms < 5000
    assert Delivery.objects.get().status == Delivery.Status.PENDING


def test_a_redirect_to_a_private_address_is_not_followed(
        receiver: Receiver, private_receiver: Receiver) -> None:
    target = private_receiver.url("/ok")
    endpoints.add(receiver.url(f"/redirect?to={target}"))
    make_article("Harbour master retires")
    run_tasks()
    logged = Attempt.objects.get()
    assert logged.status_code == 308
    assert f"redirecting to {target}" in logged.error and "never redirected" in logged.error
    assert private_receiver.received == []  # the signed body went nowhere else
    assert Delivery.objects.get().status == Delivery.Status.PENDING


def test_a_delivery_whose_task_was_lost_is_queued_again(receiver: Receiver) -> None:
    from newsdesk.channels.webhooks.schedule import tick

    endpoints.add(receiver.url("/ok"))
    make_article("Lighthouse keeper's cottage for sale")
    # The worker died mid-attempt: the delivery was claimed, its task is gone.
    DBTaskResult.objects.filter(task_path__endswith="announce_task").delete()
    from newsdesk.channels.webhooks.announce import announce as make_deliveries

    [delivery_id] = make_deliveries(PUBLISHED, Article.objects.get().pk, slug="x", url="/")
    claimed_at = timezone.now()
    Delivery.objects.filter(pk=delivery_id).update(next_attempt_at=claimed_at)
    queued: list[int] = []
    assert tick(queued.append, now=claimed_at + timedelta(minutes=4)) == 0
    assert tick(queued.append, now=claimed_at + timedelta(minutes=6)) == 1
    assert queued == [delivery_id]
    # Queued twice (the sweep and a late task), it is still sent once.
    assert attempt(delivery_id).status == "delivered"
    assert attempt(delivery_id).status == "not_due"
    assert len(receiver.received) == 1
