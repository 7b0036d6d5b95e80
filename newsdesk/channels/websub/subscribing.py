"""The subscriber side: subscribe to a source's hub, confirm the hub's verification,
renew the lease before it ends, and keep polling honest while the hub pushes.

While a subscription is active the source is still polled, but only every
``NEWSDESK_WEBSUB_POLL_SECONDS`` (a safety net against a hub that silently stops). A
hub that refuses, denies or never verifies leaves a state and an error on the
subscription and the source's polling as it was; the request is tried again later.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Final
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from newsdesk import conf
from newsdesk.channels.websub.models import Subscription
from newsdesk.intake.models import Source
from newsdesk.intake.reports import IngestReport
from newsdesk.reader.send import SendError, post
from newsdesk.web.structured import absolute

logger = logging.getLogger(__name__)

State = Subscription.State
RETRY_FIRST_WAIT: Final = timedelta(hours=1)
RETRY_LONGEST_WAIT: Final = timedelta(days=1)
# Renew when this share of the lease is left (or an hour, for short leases).
RENEW_SHARE: Final = 0.1
RENEW_AT_LEAST: Final = timedelta(hours=1)

Enqueue = Callable[[int], object]


def callback_url(subscription: Subscription) -> str:
    return absolute(reverse("websub:callback", args=[subscription.pk]))


def noticed(source_id: int, report: IngestReport, enqueue: Enqueue,
            now: datetime | None = None) -> None:
    """A source was read: subscribe when its feed names a hub we are not subscribed to
    (or a failed subscription's wait is over); slow its polling while a hub pushes."""
    now = now or timezone.now()
    options = conf.options().websub
    subscription = Subscription.objects.filter(source_id=source_id).first()
    if options.subscribe and report.hubs and not report.fatal and not report.pushed:
        if subscription is None:
            subscription = Subscription.objects.create(
                source_id=source_id, hub=report.hubs[0], topic=report.topic,
                secret=secrets.token_urlsafe(32))
            logger.info("websub: source %s names the hub %s; subscribing", source_id,
                        subscription.hub)
            enqueue(subscription.pk)
        elif subscription.hub not in report.hubs or subscription.topic != report.topic:
            subscription.hub, subscription.topic = report.hubs[0], report.topic
            subscription.state, subscription.failures = State.NEW, 0
            subscription.save(update_fields=["hub", "topic", "state", "failures"])
            enqueue(subscription.pk)
        elif (subscription.state in (State.FAILED, State.DENIED, State.EXPIRED, State.NEW)
              and subscription.requested_at is None
              and (subscription.retry_at is None or subscription.retry_at <= now)):
            enqueue(subscription.pk)
    if subscription is not None and is_pushing(subscription, now):
        slow_polling(source_id, now)


def is_pushing(subscription: Subscription, now: datetime) -> bool:
    return (subscription.state == State.ACTIVE and subscription.lease_expires_at is not None
            and subscription.lease_expires_at > now)


def request_subscription(subscription_id: int, now: datetime | None = None) -> str:
    """Ask the hub for the subscription (or its renewal); the hub then verifies it with a
    GET to the callback, which ``confirm`` answers. Returns what happened, in words."""
    now = now or timezone.now()
    subscription = Subscription.objects.select_related("source").filter(
        pk=subscription_id).first()
    if subscription is None or not subscription.source.enabled:
        return "gone"
    # Written (and committed) before the request goes out: a hub may verify at once,
    # before it even answers this request.
    Subscription.objects.filter(pk=subscription.pk).update(
        requested_at=now, state=(State.ACTIVE if subscription.state == State.ACTIVE
                                 else State.REQUESTED))
    body = urlencode({
        "hub.mode": "subscribe", "hub.topic": subscription.topic,
        "hub.callback": callback_url(subscription), "hub.secret": subscription.secret,
        "hub.lease_seconds": str(conf.options().websub.lease_seconds),
    }).encode()
    try:
        result = post(subscription.hub, body,
                      {"Content-Type": "application/x-www-form-urlencoded"},
                      conf.options().fetch)
    except SendError as exc:
        error = f"the hub {subscription.hub} could not be reached ({exc.kind}: {exc.detail})"
    else:
        if result.ok:
            logger.info("websub: hub %s took the request for subscription %s (%s)",
                        subscription.hub, subscription.pk, result.status)
            return f"requested ({result.status})"
        answer = result.body[:200].decode("utf-8", errors="replace").strip()
        error = f"the hub {subscription.hub} {result.problem}" + (
            f": {answer}" if answer else "")
    fail(subscription.pk, error, now, requested_at=now)
    return "failed"


def fail(subscription_id: int, error: str, now: datetime, *,
         requested_at: datetime | None = None, state: str = State.FAILED) -> None:
    """Record a failed or denied subscription: its error, no request out, and when to
    try again (an hour, doubling to a day). Polling of the source goes on as before."""
    subscription = Subscription.objects.get(pk=subscription_id)
    if requested_at is not None and subscription.requested_at != requested_at:
        return  # the hub verified meanwhile (or another request went out): leave it
    wait = min(RETRY_FIRST_WAIT * 2 ** min(subscription.failures, 10), RETRY_LONGEST_WAIT)
    was_pushing = is_pushing(subscription, now)
    keep_active = was_pushing and state == State.FAILED  # a failed renewal: the lease holds
    Subscription.objects.filter(pk=subscription_id).update(
        state=State.ACTIVE if keep_active else state, requested_at=None,
        failures=subscription.failures + 1, retry_at=now + wait, last_error=error[:500])
    logger.warning("websub: subscription %s: %s", subscription_id, error)
    if was_pushing and not keep_active:
        restore_polling(subscription.source_id, now)


def confirm(subscription_id: int, params: Mapping[str, str], now: datetime | None = None
            ) -> tuple[int, str]:
    """Answer a hub's GET to the callback (WebSub §5.3): the challenge when it verifies a
    subscription we asked for, 404 for anything we did not ask for."""
    now = now or timezone.now()
    subscription = Subscription.objects.filter(pk=subscription_id).first()
    mode = params.get("hub.mode", "")
    if subscription is None:
        return 404, "no such subscription"
    if mode == "denied":
        # Only while our request is out, for our topic: a denial carries no signature, so
        # one at any other time could be anyone's and would switch push off.
        if subscription.requested_at is None or params.get("hub.topic") != subscription.topic:
            return 404, "no subscription request is out for that topic"
        reason = params.get("hub.reason", "") or "no reason given"
        fail(subscription.pk, f"the hub denied the subscription: {reason}", now,
             state=State.DENIED)
        return 200, ""
    if mode != "subscribe":
        return 404, f"not asked for: hub.mode={mode or '(none)'}"
    if subscription.requested_at is None:
        return 404, "no subscription request is out"
    if params.get("hub.topic", "") != subscription.topic:
        return 404, "not the topic subscribed to"
    challenge = params.get("hub.challenge", "")
    lease = params.get("hub.lease_seconds", "")
    if not challenge or not lease.isdigit() or int(lease) <= 0:
        return 400, "hub.challenge and a positive hub.lease_seconds are required"
    Subscription.objects.filter(pk=subscription.pk).update(
        state=State.ACTIVE, requested_at=None, verified_at=now, lease_seconds=int(lease),
        lease_expires_at=now + timedelta(seconds=int(lease)), failures=0, retry_at=None,
        last_error="")
    slow_polling(subscription.source_id, now)
    logger.info("websub: subscription %s verified by %s for %s s", subscription.pk,
                subscription.hub, lease)
    return 200, challenge


def slow_polling(source_id: int, now: datetime) -> None:
    """The hub pushes: poll the source only as a safety net."""
    later = now + timedelta(seconds=conf.options().websub.poll_seconds)
    Source.objects.filter(pk=source_id, next_check_at__lt=later).update(next_check_at=later)
    Source.objects.filter(pk=source_id, next_check_at__isnull=True).update(next_check_at=later)


def restore_polling(source_id: int, now: datetime) -> None:
    """The hub stopped pushing: check the source now, then on its own schedule."""
    Source.objects.filter(pk=source_id, next_check_at__gt=now).update(next_check_at=now)


def tick(enqueue: Enqueue, now: datetime | None = None) -> dict[str, int]:
    """One round of upkeep: requests the hub never verified fail, leases near their end
    are renewed, leases that ended stop counting as push."""
    now = now or timezone.now()
    verify_by = now - timedelta(minutes=conf.options().websub.verify_minutes)
    counts = {"unverified": 0, "renewing": 0, "expired": 0}
    for subscription in Subscription.objects.filter(requested_at__lt=verify_by):
        assert subscription.requested_at is not None
        fail(subscription.pk,
             f"the hub {subscription.hub} took the request at "
             f"{subscription.requested_at:%Y-%m-%d %H:%M} UTC but never verified it (no "
             f"GET to {callback_url(subscription)} within "
             f"{conf.options().websub.verify_minutes} minutes); polling goes on",
             now, requested_at=subscription.requested_at)
        counts["unverified"] += 1
    for subscription in Subscription.objects.filter(state=State.ACTIVE,
                                                    lease_expires_at__lte=now):
        Subscription.objects.filter(pk=subscription.pk).update(
            state=State.EXPIRED, last_error=subscription.last_error or "the lease ended "
            "without a renewal")
        restore_polling(subscription.source_id, now)
        counts["expired"] += 1
    for subscription in Subscription.objects.filter(
            state=State.ACTIVE, requested_at__isnull=True, lease_expires_at__gt=now):
        assert subscription.lease_expires_at is not None
        left = subscription.lease_expires_at - now
        margin = max(timedelta(seconds=(subscription.lease_seconds or 0) * RENEW_SHARE),
                     RENEW_AT_LEAST)
        due = subscription.retry_at is None or subscription.retry_at <= now
        if left <= margin and due:
            # Marked as asked now, so the next round does not queue it a second time.
            Subscription.objects.filter(pk=subscription.pk).update(requested_at=now)
            enqueue(subscription.pk)
            counts["renewing"] += 1
    return counts
