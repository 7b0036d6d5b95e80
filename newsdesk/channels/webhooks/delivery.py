"""Send one delivery once: sign it, POST it through the SSRF-safe sender, log the attempt,
and decide what comes next — done, another try later, or giving up.

Retries follow Standard Webhooks' advice of growing waits (5 s, 5 min, 30 min, 2 h, 5 h,
10 h, 10 h, …) for ``NEWSDESK_WEBHOOK_RETRY_HOURS``; a receiver's Retry-After stretches
a wait, never shortens it. An endpoint that has failed every attempt for
``NEWSDESK_WEBHOOK_DISABLE_DAYS`` is switched off with the reason written on it, and its
waiting deliveries are given up: a receiver that is gone should not cost a worker forever.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from django.db import transaction
from django.utils import timezone

from newsdesk import conf
from newsdesk.channels.webhooks import signing
from newsdesk.channels.webhooks.models import Attempt, Delivery, Endpoint
from newsdesk.reader.send import SendError, post

logger = logging.getLogger(__name__)

RETRY_DELAYS: Final = (timedelta(seconds=5), timedelta(minutes=5), timedelta(minutes=30),
                       timedelta(hours=2), timedelta(hours=5), timedelta(hours=10))
# A claimed delivery is not taken by another worker for this long (a crashed worker's
# claim runs out and the delivery is sent again, under the same webhook-id).
CLAIM: Final = timedelta(minutes=5)
_RESPONSE_KEPT: Final = 2000


@dataclass(frozen=True)
class Outcome:
    status: str  # "delivered", "retry", "given_up" or "not_due"
    next_attempt_at: datetime | None = None


def retry_delay(attempts: int, retry_after: float | None = None) -> timedelta:
    """The wait after the ``attempts``-th failed attempt."""
    wait = RETRY_DELAYS[min(attempts, len(RETRY_DELAYS)) - 1]
    if retry_after is not None:
        wait = max(wait, timedelta(seconds=min(retry_after, 86400)))
    return wait


def attempt(delivery_id: int, now: datetime | None = None) -> Outcome:
    """Make the delivery's next attempt if it is due; ``now`` is for tests."""
    now = now or timezone.now()
    claimed = Delivery.objects.filter(
        pk=delivery_id, status=Delivery.Status.PENDING, next_attempt_at__lte=now,
    ).update(next_attempt_at=now + CLAIM)
    if not claimed:
        return Outcome("not_due")
    delivery = Delivery.objects.select_related("endpoint").get(pk=delivery_id)
    endpoint = delivery.endpoint
    if not endpoint.active:
        _give_up(delivery, now, f"endpoint switched off: {endpoint.disabled_reason}")
        return Outcome("given_up")
    status, latency, error, response, retry_after = _send(endpoint, delivery, now)
    with transaction.atomic():
        Attempt.objects.create(delivery=delivery, at=now, status_code=status,
                               latency_ms=latency, error=error[:500], response=response)
        delivery.attempts += 1
        if not error:
            return _delivered(delivery, endpoint, now)
        return _failed(delivery, endpoint, now, error, retry_after)


def _send(endpoint: Endpoint, delivery: Delivery, now: datetime
          ) -> tuple[int | None, int, str, str, float | None]:
    """POST the delivery: (status, latency ms, error or "", start of the answer,
    Retry-After)."""
    body = delivery.body.encode()
    headers = signing.headers(endpoint.secret, delivery.message_id, int(now.timestamp()), body)
    options = conf.options()
    fetch = dataclasses.replace(options.fetch, timeout=options.webhooks.timeout)
    try:
        result = post(endpoint.url, body, headers, fetch)
    except SendError as exc:
        return None, exc.elapsed_ms, f"{exc.kind}: {exc.detail}", "", None
    answer = result.body[:_RESPONSE_KEPT].decode("utf-8", errors="replace")
    return result.status, result.elapsed_ms, result.problem or "", answer, result.retry_after


def _delivered(delivery: Delivery, endpoint: Endpoint, now: datetime) -> Outcome:
    delivery.status = Delivery.Status.DELIVERED
    delivery.delivered_at = now
    delivery.next_attempt_at = None
    delivery.last_error = ""
    delivery.save(update_fields=["status", "delivered_at", "next_attempt_at", "last_error",
                                 "attempts"])
    Endpoint.objects.filter(pk=endpoint.pk).update(failing_since=None, last_success_at=now)
    logger.info("webhooks: delivery %s delivered to endpoint %s", delivery.pk, endpoint.pk)
    return Outcome("delivered")


def _failed(delivery: Delivery, endpoint: Endpoint, now: datetime, error: str,
            retry_after: float | None) -> Outcome:
    delivery.last_error = error[:500]
    Endpoint.objects.filter(pk=endpoint.pk, failing_since__isnull=True).update(
        failing_since=now)
    endpoint.refresh_from_db(fields=["failing_since", "active"])
    options = conf.options().webhooks
    failing_since = endpoint.failing_since or now
    if endpoint.active and now - failing_since >= timedelta(days=options.disable_days):
        _switch_off(endpoint, now, failing_since, error)
        _give_up(delivery, now, f"endpoint switched off after failing since "
                 f"{failing_since:%Y-%m-%d %H:%M} UTC; last: {error}")
        return Outcome("given_up")
    next_at = now + retry_delay(delivery.attempts, retry_after)
    if next_at > delivery.created_at + timedelta(hours=options.retry_hours):
        _give_up(delivery, now, f"gave up after {delivery.attempts} attempt(s) in "
                 f"{options.retry_hours} h; last: {error}")
        return Outcome("given_up")
    delivery.next_attempt_at = next_at
    delivery.save(update_fields=["next_attempt_at", "last_error", "attempts"])
    logger.info("webhooks: delivery %s failed (%s); next attempt at %s", delivery.pk, error,
                next_at)
    return Outcome("retry", next_at)


def _give_up(delivery: Delivery, now: datetime, reason: str) -> None:
    delivery.status = Delivery.Status.GIVEN_UP
    delivery.next_attempt_at = None
    delivery.last_error = reason[:500]
    delivery.save(update_fields=["status", "next_attempt_at", "last_error", "attempts"])
    logger.warning("webhooks: delivery %s given up: %s", delivery.pk, reason)


def _switch_off(endpoint: Endpoint, now: datetime, failing_since: datetime, error: str
                ) -> None:
    reason = (f"switched off {now:%Y-%m-%d %H:%M} UTC: every delivery failed since "
              f"{failing_since:%Y-%m-%d %H:%M} UTC (last: {error})")[:500]
    Endpoint.objects.filter(pk=endpoint.pk).update(active=False, disabled_at=now,
                                                   disabled_reason=reason)
    endpoint.active, endpoint.disabled_reason = False, reason
    given_up = Delivery.objects.filter(endpoint=endpoint, status=Delivery.Status.PENDING
                                       ).update(
        status=Delivery.Status.GIVEN_UP, next_attempt_at=None,
        last_error=f"endpoint switched off: {reason}"[:500])
    logger.warning("webhooks: endpoint %s %s; %d waiting deliveries given up", endpoint.pk,
                   reason, given_up)
