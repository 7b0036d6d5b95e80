"""The mails themselves: the daily briefing and the confirmation link, each with an HTML and
a plain-text part, built on Django's email classes so any configured backend sends them."""

from __future__ import annotations

import hashlib
import hmac
from datetime import date
from email.utils import parseaddr
from urllib.parse import quote

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from newsdesk import conf
from newsdesk.channels.briefing import content, tokens
from newsdesk.channels.briefing.models import Subscriber


def sender_domain() -> str:
    address = parseaddr(conf.options().mail.email_from)[1]
    return address.rpartition("@")[2] or "localhost"


def unsubscribe_url(subscriber: Subscriber) -> str:
    token = tokens.unsubscribe_token(subscriber.pk, subscriber.unsubscribe_nonce)
    return content.absolute(reverse("briefing:unsubscribe", args=[token]))


def list_unsubscribe_headers(subscriber: Subscriber) -> dict[str, str]:
    """RFC 2369's List-Unsubscribe with an https and a mailto target, and RFC 8058's
    List-Unsubscribe-Post, which tells mail programs a bare POST to the https one works."""
    token = tokens.unsubscribe_token(subscriber.pk, subscriber.unsubscribe_nonce)
    mailto = (conf.options().briefing.unsubscribe_mailto
              or parseaddr(conf.options().mail.email_from)[1])
    return {
        "List-Unsubscribe": (f"<{unsubscribe_url(subscriber)}>, "
                             f"<mailto:{mailto}?subject={quote('unsubscribe ' + token)}>"),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"{conf.options().site.name} briefing <briefing.{sender_domain()}>",
    }


def briefing_message_id(day: date, subscriber_id: int) -> str:
    """The same id for the same day and subscriber, so a mail program that is somehow handed
    the message twice can tell; the MAC keeps ids from naming guessable neighbours."""
    mac = hmac.new(settings.SECRET_KEY.encode(), f"{day}:{subscriber_id}".encode(),
                   hashlib.sha256).hexdigest()[:16]
    return f"<briefing.{day:%Y%m%d}.{mac}@{sender_domain()}>"


def briefing_message(subscriber: Subscriber, day: date,
                     items: list[content.Item]) -> EmailMultiAlternatives:
    context = {
        "site_name": conf.options().site.name,
        "site_url": conf.options().site.url,
        "day": day,
        "groups": content.grouped(items),
        "count": len(items),
        "web_url": content.absolute(reverse("briefing:day", args=[day.isoformat()])),
        "unsubscribe_url": unsubscribe_url(subscriber),
        "all_sections": subscriber.all_sections,
    }
    subject = f"{conf.options().site.name} briefing, {day:%A} {day.day} {day:%B %Y}"
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("briefing/email/briefing.txt", context),
        from_email=conf.options().mail.email_from,
        to=[subscriber.email],
        headers={**list_unsubscribe_headers(subscriber),
                 "Message-ID": briefing_message_id(day, subscriber.pk)},
    )
    message.attach_alternative(render_to_string("briefing/email/briefing.html", context),
                               "text/html")
    return message


def confirmation_message(subscriber: Subscriber, token: str) -> EmailMultiAlternatives:
    context = {
        "site_name": conf.options().site.name,
        "confirm_url": content.absolute(reverse("briefing:confirm", args=[token])),
        "hours": conf.options().briefing.confirm_hours,
        "send_time": conf.options().briefing.send_time,
    }
    message = EmailMultiAlternatives(
        subject=f"Confirm your {conf.options().site.name} briefing",
        body=render_to_string("briefing/email/confirm.txt", context),
        from_email=conf.options().mail.email_from,
        to=[subscriber.email],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(render_to_string("briefing/email/confirm.html", context),
                               "text/html")
    return message
