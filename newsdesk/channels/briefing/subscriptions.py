"""Subscribing, confirming, unsubscribing and forgetting: the life of a stored address.

Against mail-bombing through the form: one mailbox gets at most one confirmation mail per
NEWSDESK_BRIEFING_RESEND_HOURS however often its address (or a +tag variant) is entered,
and the site sends at most NEWSDESK_BRIEFING_CONFIRMS_PER_HOUR of them in all. The answer
on the page is the same whether a mail went, was held back, or the address was already
subscribed, so the form tells nobody who subscribes.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from newsdesk import conf
from newsdesk.articles.models import Section
from newsdesk.channels.briefing import tokens
from newsdesk.channels.briefing.models import Subscriber

logger = logging.getLogger(__name__)


class Asked(enum.Enum):
    MAILED = "mailed"  # a confirmation mail is on its way
    HELD = "held"  # one went recently; the page says the same as for MAILED
    BUSY = "busy"  # the site's hourly budget is spent: try later, nothing stored


class BadAddress(ValueError):
    """The text entered is not an address newsdesk can mail."""


def clean_address(raw: str) -> str:
    address = raw.strip()
    if not address:
        raise BadAddress("Enter your email address.")
    if len(address) > 254:
        raise BadAddress("That address is longer than an email address can be.")
    try:
        validate_email(address)
    except ValidationError as exc:
        raise BadAddress(
            f"“{address}” is not an email address; it should look like name@example.org."
        ) from exc
    return address


def address_key(address: str) -> str:
    return address.strip().lower()


def mailbox_key(address: str) -> str:
    """name+news@example.org and name@example.org reach one mailbox: ration them together."""
    local, _, domain = address_key(address).rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}"


def request_subscription(raw_address: str, section_ids: Iterable[int],
                         enqueue: Callable[[int], object], *,
                         now: datetime | None = None) -> Asked:
    """Store what the form asked for and, within the limits, mail a confirmation link.

    Nothing changes for the reader until the link is followed: a confirmed subscriber who
    asks for other sections keeps the old ones until the new choice is confirmed."""
    address = clean_address(raw_address)
    now = now or timezone.now()
    chosen = sorted(set(Section.objects.filter(pk__in=list(section_ids))
                        .values_list("pk", flat=True)))
    recent = now - timedelta(hours=conf.options().briefing.resend_hours)
    with transaction.atomic():
        subscriber = _row_for(address, now)
        subscriber.requested_all = not chosen
        subscriber.requested_sections = chosen
        mailbox_mailed = Subscriber.objects.filter(mailbox_key=mailbox_key(address),
                                                   confirm_sent_at__gt=recent).exists()
        if mailbox_mailed:
            subscriber.save()
            return Asked.HELD
        if _over_budget(now):
            if subscriber.status == Subscriber.Status.PENDING and subscriber.confirmed_at is None \
                    and subscriber.confirm_sent_at is None:
                subscriber.delete()  # nothing was sent to it; keep nothing
            return Asked.BUSY
        subscriber.confirm_sent_at = now
        subscriber.save()
        subscriber_id = subscriber.pk
        transaction.on_commit(lambda: enqueue(subscriber_id))
    return Asked.MAILED


def _row_for(address: str, now: datetime) -> Subscriber:
    key = address_key(address)
    found = Subscriber.objects.select_for_update().filter(address_key=key).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return Subscriber.objects.create(
                email=address, address_key=key, mailbox_key=mailbox_key(address),
                unsubscribe_nonce=tokens.new_nonce())
    except IntegrityError:  # the same address sent twice at once: use the other's row
        return Subscriber.objects.select_for_update().get(address_key=key)


def _over_budget(now: datetime) -> bool:
    budget = conf.options().briefing.confirms_per_hour
    if budget <= 0:
        return False
    sent = Subscriber.objects.filter(confirm_sent_at__gt=now - timedelta(hours=1)).count()
    return sent >= budget


def pending_by_token(token: str, *, now: datetime | None = None) -> Subscriber | None:
    """The subscriber a confirmation link is for, if it is valid and not yet used."""
    if not token or len(token) > 100:
        return None
    now = now or timezone.now()
    found = Subscriber.objects.filter(confirm_token_hash=tokens.confirmation_hash(token)).first()
    if found is None or found.confirm_sent_at is None:
        return None
    if now - found.confirm_sent_at > timedelta(hours=conf.options().briefing.confirm_hours):
        return None
    return found


def confirm(token: str, *, now: datetime | None = None) -> Subscriber | None:
    """Apply the confirmed choice; the link works once (its hash is cleared)."""
    now = now or timezone.now()
    with transaction.atomic():
        subscriber = pending_by_token(token, now=now)
        if subscriber is None:
            return None
        taken = Subscriber.objects.filter(pk=subscriber.pk,
                                          confirm_token_hash=subscriber.confirm_token_hash)
        if not taken.update(confirm_token_hash=""):
            return None  # used by a concurrent request a moment ago
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = now
        subscriber.all_sections = subscriber.requested_all
        subscriber.bounced_at = None
        subscriber.bounce_reason = ""
        subscriber.confirm_token_hash = ""
        subscriber.save()
        subscriber.sections.set(Section.objects.filter(pk__in=subscriber.requested_sections))
    return subscriber


def by_unsubscribe_token(token: str) -> Subscriber | None:
    parsed = tokens.read_unsubscribe_token(token)
    if parsed is None:
        return None
    subscriber_id, nonce = parsed
    found = Subscriber.objects.filter(pk=subscriber_id).first()
    if found is None or not tokens.same(found.unsubscribe_nonce, nonce):
        return None
    return found


def unsubscribe(token: str) -> bool:
    """Delete the subscriber and its delivery records: the address was kept only to send
    the briefing, so nothing of it is kept after. False when the link is not (or no longer)
    valid — also for a second click, which the page answers the same way."""
    subscriber = by_unsubscribe_token(token)
    if subscriber is None:
        return False
    subscriber_id = subscriber.pk
    subscriber.delete()
    logger.info("briefing: subscriber %s unsubscribed and deleted", subscriber_id)
    return True


def expire_unconfirmed(now: datetime | None = None) -> int:
    """Delete addresses never confirmed within the link's lifetime."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=conf.options().briefing.confirm_hours)
    deleted, _ = (Subscriber.objects.filter(status=Subscriber.Status.PENDING,
                                            created_at__lt=cutoff)
                  .exclude(confirm_sent_at__gt=cutoff).delete())
    return deleted
