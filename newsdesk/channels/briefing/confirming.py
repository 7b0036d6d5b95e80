"""Mailing the confirmation link: a fresh one-time token each time, only its hash stored."""

from __future__ import annotations

import logging

from django.core.mail import get_connection

from newsdesk import conf
from newsdesk.channels.briefing import compose, tokens
from newsdesk.channels.briefing.failures import classify
from newsdesk.channels.briefing.models import Subscriber

logger = logging.getLogger(__name__)


def send_confirmation(subscriber_id: int, attempt: int = 1) -> str:
    """'sent', 'gone' (unsubscribed or expired meanwhile), 'retry' (temporary failure:
    the caller tries again later) or 'rejected' (the address does not exist)."""
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return "gone"
    token, digest = tokens.new_confirmation()
    Subscriber.objects.filter(pk=subscriber_id).update(confirm_token_hash=digest)
    try:
        connection = get_connection(fail_silently=False)
        if not connection.send_messages([compose.confirmation_message(subscriber, token)]):
            raise ConnectionError("the mail backend accepted nothing")
    except Exception as exc:  # recorded and answered, never raised into the worker
        failure = classify(exc)
        logger.warning("confirmation to subscriber %s failed (attempt %s): %s",
                       subscriber_id, attempt, failure.reason)
        if failure.permanent:
            if subscriber.status == Subscriber.Status.PENDING:
                subscriber.delete()  # nothing else would ever be sent to it
            else:
                Subscriber.objects.filter(pk=subscriber_id).update(
                    status=Subscriber.Status.BOUNCED, bounce_reason=failure.reason[:500])
            return "rejected"
        return "retry" if attempt < conf.options().briefing.max_attempts else "failed"
    return "sent"
