"""Sending activities: one signed POST per inbox, from the task queue, retried, logged.

An activity is stored once, as the exact bytes sent (``Activity.body``), with a
``Delivery`` row per inbox — a server's shared inbox once for all its followers there.
Each delivery is its own task, enqueued after the transaction that made it commits. It
is signed afresh at each try (the Date must be current) and posted through
``reader.send``, the SSRF-safe POST. The answer decides: 2xx delivered; 410 the
follower is gone for good and removed; 429, 5xx and no answer are tried again, the
waits doubling from a minute (longer if Retry-After asks), up to NEWSDESK_AP_MAX_ATTEMPTS;
any other answer is final.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from newsdesk import conf
from newsdesk.channels.activitypub import keys, objects
from newsdesk.channels.activitypub.actors import Actor
from newsdesk.channels.activitypub.models import Activity, Delivery, Follower
from newsdesk.channels.activitypub.signatures import signed_post_headers
from newsdesk.reader.send import SendError, SendResult, post

logger = logging.getLogger(__name__)

RETRY_BASE: Final = timedelta(minutes=1)
_RETRY_STATUSES: Final = frozenset({408, 425, 429})


def inboxes_of(actor: Actor) -> list[str]:
    """Where an activity of ``actor`` goes: each follower's shared inbox if it has one,
    else its own, each address once."""
    seen: dict[str, None] = {}
    for follower in Follower.objects.filter(actor=actor.name).order_by("id"):
        seen.setdefault(follower.delivery_inbox, None)
    return list(seen)


Enqueue = Callable[[int], object]  # puts one delivery's id on the task queue


def queue(actor: Actor, kind: str, activity: dict[str, Any], inboxes: Iterable[str], *,
          enqueue: Enqueue, article_id: int | None = None) -> Activity | None:
    """Store ``activity`` with a delivery per inbox and ``enqueue`` each once this
    commits (``tasks.enqueue_delivery``; passed in, as the tasks module imports this)."""
    targets = list(dict.fromkeys(inboxes))
    if not targets:
        return None
    stored = Activity.objects.create(actor=actor.name, kind=kind, uri=activity["id"],
                                     article_id=article_id, body=objects.encode(activity))
    rows = Delivery.objects.bulk_create(Delivery(activity=stored, inbox=inbox)
                                        for inbox in targets)
    ids = [row.pk for row in rows]
    if any(pk is None for pk in ids):  # a backend that returns no ids: read them back
        ids = list(stored.deliveries.values_list("pk", flat=True))

    def enqueue_all() -> None:
        for pk in ids:
            enqueue(pk)

    transaction.on_commit(enqueue_all)
    logger.info("activitypub: %s %s by %s queued for %d inbox(es)", kind, stored.uri,
                actor.name, len(targets))
    return stored


@dataclass(frozen=True)
class Outcome:
    status: str
    retry_at: datetime | None = None


def _claim(delivery_id: int, now: datetime) -> Delivery | None:
    """Take the delivery for this try, so two workers never post it twice at once."""
    due = Q(status=Delivery.Status.QUEUED) | Q(
        status=Delivery.Status.RETRY, next_attempt_at__lte=now)
    claimed = Delivery.objects.filter(due, pk=delivery_id).update(
        status=Delivery.Status.SENDING, next_attempt_at=None)
    if not claimed:
        return None
    return Delivery.objects.select_related("activity").get(pk=delivery_id)


def _post(delivery: Delivery, now: datetime) -> SendResult:
    activity = delivery.activity
    body = bytes(activity.body)
    target = urlsplit(delivery.inbox)
    path = (target.path or "/") + (f"?{target.query}" if target.query else "")
    actor_id = json.loads(body)["actor"]
    headers = signed_post_headers(target.netloc, path, body, key_id=f"{actor_id}#main-key",
                                  private_pem=keys.private_pem(activity.actor), now=now)
    return post(delivery.inbox, body, headers, conf.options().fetch)


def deliver(delivery_id: int) -> Outcome:
    """Try one delivery now; the caller enqueues the next try at ``retry_at``."""
    now = timezone.now()
    delivery = _claim(delivery_id, now)
    if delivery is None:
        return Outcome("not due")
    attempts = delivery.attempts + 1
    status: int | None = None
    retry_after: float | None = None
    problem: str | None
    try:
        result = _post(delivery, now)
    except SendError as exc:
        problem = str(exc)
        retryable = exc.kind in ("timeout", "connect")
    else:
        status, problem, retry_after = result.status, result.problem, result.retry_after
        retryable = status >= 500 or status in _RETRY_STATUSES
    fields: dict[str, Any] = {"attempts": attempts, "last_status": status,
                              "last_error": (problem or "")[:500]}
    if problem is None:
        fields.update(status=Delivery.Status.SENT, sent_at=timezone.now())
        outcome = Outcome("sent")
    elif status == 410:
        removed = _remove_gone(delivery.inbox)
        fields["status"] = Delivery.Status.GONE
        outcome = Outcome("gone")
        logger.info("activitypub: %s answered 410; %d follower(s) removed", delivery.inbox,
                    removed)
    elif retryable and attempts < conf.options().activitypub.max_attempts:
        wait = RETRY_BASE * 2 ** (attempts - 1)
        if retry_after is not None:
            wait = max(wait, timedelta(seconds=retry_after))
        fields.update(status=Delivery.Status.RETRY, next_attempt_at=now + wait)
        outcome = Outcome("retry", now + wait)
    else:
        fields["status"] = Delivery.Status.FAILED
        outcome = Outcome("failed")
    Delivery.objects.filter(pk=delivery_id).update(**fields)
    logger.info("activitypub: delivery %s (%s %s) to %s, try %d: %s%s", delivery_id,
                delivery.activity.kind, delivery.activity.uri, delivery.inbox, attempts,
                outcome.status, f" ({problem})" if problem else "")
    return outcome


def _remove_gone(inbox: str) -> int:
    removed, _ = Follower.objects.filter(Q(inbox=inbox) | Q(shared_inbox=inbox)).delete()
    return removed
