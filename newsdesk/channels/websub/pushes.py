"""Content a hub pushes to a subscription's callback (WebSub §7): checked against the
subscription's secret before anything is kept, then ingested through intake's own path
(``intake.services.read_pushed``: the parse, store and attempt log of a polled refresh).

A push whose ``X-Hub-Signature`` is missing or wrong is refused (403) and logged, and
nothing of it is stored. One for a subscription that does not exist is answered 410
Gone, which tells a hub to stop sending.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.utils import timezone

from newsdesk.channels.websub.models import Push, Subscription
from newsdesk.intake.services import read_pushed
from newsdesk.reader.websub import signature_matches

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Answer:
    status: int
    text: str
    push_id: int | None = None  # an accepted push, to be ingested


def receive(callback_id: int, body: bytes, *, signature: str, content_type: str, links: str,
            remote_addr: str) -> Answer:
    """Check one push and keep it for ingestion, or refuse it."""
    subscription = Subscription.objects.filter(pk=callback_id).first()
    log = {"callback_id": callback_id, "bytes": len(body), "remote_addr": remote_addr[:45]}
    if subscription is None:
        Push.objects.create(outcome=Push.Outcome.UNKNOWN, detail="no such subscription", **log)
        logger.warning("websub: push to unknown callback %s refused", callback_id)
        return Answer(410, "no such subscription")
    if not signature_matches(signature, subscription.secret, body):
        detail = ("no X-Hub-Signature" if not signature.strip() else
                  f"X-Hub-Signature {signature.split('=', 1)[0][:20]}=… does not match the "
                  "subscription's secret")
        Push.objects.create(subscription=subscription, outcome=Push.Outcome.REFUSED,
                            detail=detail, **log)
        logger.warning("websub: push to subscription %s refused: %s", callback_id, detail)
        return Answer(403, "signature refused")
    push = Push.objects.create(subscription=subscription, outcome=Push.Outcome.ACCEPTED,
                               body=body, content_type=content_type[:200], links=links, **log)
    Subscription.objects.filter(pk=subscription.pk).update(last_push_at=timezone.now())
    return Answer(202, "accepted", push.pk)


def refuse_too_large(callback_id: int, size: int, remote_addr: str) -> Answer:
    subscription = Subscription.objects.filter(pk=callback_id).first()
    Push.objects.create(subscription=subscription, callback_id=callback_id, bytes=size,
                        remote_addr=remote_addr[:45], outcome=Push.Outcome.TOO_LARGE,
                        detail=f"{size} bytes is more than this site takes in one request")
    return Answer(413, "too large")


def ingest(push_id: int) -> int | None:
    """Store an accepted push's items; returns the source's id (None when there is
    nothing to do). The body is dropped once read."""
    push = Push.objects.select_related("subscription__source").filter(
        pk=push_id, outcome=Push.Outcome.ACCEPTED).first()
    if push is None or push.subscription is None:
        return None
    source = push.subscription.source
    report = read_pushed(source, bytes(push.body), push.content_type, push.links)
    counts = ", ".join(f"{n} {kind}" for kind, n in report.counts.items() if n)
    push.outcome = Push.Outcome.FAILED if report.fatal else Push.Outcome.INGESTED
    push.detail = (report.fatal or counts or "nothing new")[:500]
    push.body = b""
    push.save(update_fields=["outcome", "detail", "body"])
    return source.pk
