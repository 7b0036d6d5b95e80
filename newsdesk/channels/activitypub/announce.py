"""What each actor tells its followers about one article, decided when the task runs.

The publication event only says that something happened; this module compares what is
public now (``Article.objects.published()``) with what each actor has already said
(``Announcement``) and sends the difference: ``Create`` to the followers of an actor that
carries the article and has not announced it, ``Delete`` for one that announced it and
no longer carries it (withdrawn, deleted, moved to another section), ``Update`` for one
that did and still does when the event was an update. Running it twice sends nothing
new, and an embargoed article is not public until its time, so nothing is said early:
the task is scheduled for that moment and, if run sooner, waits again.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Literal

from django.db import transaction
from django.utils import timezone

from newsdesk.articles.models import Article
from newsdesk.channels.activitypub import actors, delivery, objects
from newsdesk.channels.activitypub.actors import Actor
from newsdesk.channels.activitypub.models import Announcement

logger = logging.getLogger(__name__)

Reason = Literal["published", "updated", "withdrawn"]


def _actor(name: str) -> Actor:
    """One of ours by name; an actor the options no longer give (a section taken off the
    list) still signs the Delete of what it announced, under the same address."""
    found = actors.named(name)
    if found is not None:
        return found
    return Actor(name=name, title=name, section_id=-1, page="/")


def sync(article_id: int, reason: Reason, enqueue: delivery.Enqueue) -> datetime | None:
    """Send what the article's present state calls for. Returns when to run again: the
    embargo's end, for an article released for later."""
    now = timezone.now()
    if not actors.enabled():
        return None
    article = Article.objects.published().filter(pk=article_id).first()
    if article is None:
        embargo = (Article.objects.scheduled().filter(pk=article_id)
                   .values_list("published_at", flat=True).first())
        if embargo is not None and embargo > now:
            return embargo
    carrying = {actor.name: actor for actor in actors.carrying(article)} if article else {}
    with transaction.atomic():
        said = {row.actor: row for row in Announcement.objects.select_for_update()
                .filter(article_id=article_id)}
        for name, actor in carrying.items():
            row = said.get(name)
            assert article is not None
            if row is None or row.deleted:
                Announcement.objects.update_or_create(
                    actor=name, article_id=article_id, defaults={"deleted": False})
                delivery.queue(actor, "Create", objects.create(actor, article, now),
                               delivery.inboxes_of(actor), enqueue=enqueue,
                               article_id=article_id)
            elif reason == "updated":
                row.save(update_fields=["updated_at"])
                delivery.queue(actor, "Update", objects.update(actor, article, now),
                               delivery.inboxes_of(actor), enqueue=enqueue,
                               article_id=article_id)
        for name, row in said.items():
            if name in carrying or row.deleted:
                continue
            row.deleted = True
            row.save(update_fields=["deleted", "updated_at"])
            actor = _actor(name)
            delivery.queue(actor, "Delete", objects.delete(actor, article_id, now),
                           delivery.inboxes_of(actor), enqueue=enqueue, article_id=article_id)
    return None
