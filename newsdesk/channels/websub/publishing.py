"""The publisher side: which of newsdesk's feeds an article's change touches, and telling
each hub in ``NEWSDESK_WEBSUB_HUBS`` that they changed (``hub.mode=publish``).

A ping only says "fetch this feed again"; the hub fetches it and pushes it on. So one
ping sent after a change covers every change before it: a ping whose change is older
than the hub's last successful ping is skipped, which folds a burst of publications
into a few pings. A failed ping is retried with doubling waits.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Final
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from newsdesk import conf
from newsdesk.articles.events import Placement
from newsdesk.channels.websub.models import HubPing
from newsdesk.reader.send import SendError, post
from newsdesk.web.structured import absolute

logger = logging.getLogger(__name__)

PING_ATTEMPTS: Final = 8  # waits of 1, 2, 4 … 64 minutes: about two hours in all
PING_FIRST_WAIT: Final = timedelta(minutes=1)


def feed_topics(*placements: Placement) -> list[str]:
    """The absolute URLs of every feed listing an article placed so: the site's, its
    section's and its tags', each as RSS and Atom."""
    paths = [reverse("web:feed-rss"), reverse("web:feed-atom")]
    for placement in placements:
        if placement.section:
            paths += [reverse("web:section-rss", args=[placement.section]),
                      reverse("web:section-atom", args=[placement.section])]
        for tag in placement.tags:
            paths += [reverse("web:tag-rss", args=[tag]), reverse("web:tag-atom", args=[tag])]
    return [absolute(path) for path in dict.fromkeys(paths)]


def ping_body(topic: str) -> bytes:
    """The publish ping. Hubs read the feed's URL from ``hub.url`` (the PubSubHubbub
    convention) or ``hub.topic`` (WebSub's name for it); both are sent."""
    return urlencode({"hub.mode": "publish", "hub.url": topic, "hub.topic": topic}).encode()


def ping(hub: str, topic: str, changed_at: datetime, now: datetime | None = None) -> bool:
    """Tell ``hub`` that ``topic`` changed at ``changed_at``; True when it is told (or was
    already told after that change), False when the ping failed and should be retried."""
    now = now or timezone.now()
    row, _ = HubPing.objects.get_or_create(hub=hub, topic=topic)
    if row.pinged_at is not None and row.pinged_at >= changed_at:
        return True
    HubPing.objects.filter(pk=row.pk).update(changed_at=changed_at)
    try:
        result = post(hub, ping_body(topic),
                      {"Content-Type": "application/x-www-form-urlencoded"},
                      conf.options().fetch)
    except SendError as exc:
        status, error = None, f"{exc.kind}: {exc.detail}"
    else:
        status, error = result.status, result.problem or ""
    if not error:
        HubPing.objects.filter(pk=row.pk).update(pinged_at=now, attempts=0, last_status=status,
                                                 last_error="")
        logger.info("websub: told %s that %s changed", hub, topic)
        return True
    HubPing.objects.filter(pk=row.pk).update(attempts=row.attempts + 1, last_status=status,
                                             last_error=error[:500])
    logger.warning("websub: ping of %s about %s failed: %s", hub, topic, error)
    return False


def ping_all(pairs: Iterable[tuple[str, str]], changed_at: datetime) -> list[tuple[str, str]]:
    """Ping each (hub, topic); returns the pairs that failed."""
    return [(hub, topic) for hub, topic in pairs if not ping(hub, topic, changed_at)]


def retry_wait(attempt: int) -> timedelta:
    return PING_FIRST_WAIT * int(2 ** (attempt - 1))
