"""Turn one publication event into one delivery per endpoint that wants it.

Runs in a task at the moment the event may be told (an embargoed article's is scheduled
for its ``published_at``), and reads the article through ``published()`` then: an article
that is not public at that moment — withdrawn meanwhile, or its embargo moved later — is
not announced, and the event that moved it will be. The body is the article's API
representation (``article_payload``, the one everything leaving newsdesk goes through),
frozen into the delivery so every retry sends the same bytes.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from newsdesk.articles.models import Article
from newsdesk.articles.serializers import article_payload
from newsdesk.channels.webhooks.models import Delivery, Endpoint
from newsdesk.channels.webhooks.signing import new_message_id
from newsdesk.web.structured import absolute

logger = logging.getLogger(__name__)

PUBLISHED, UPDATED, WITHDRAWN = "article.published", "article.updated", "article.withdrawn"


def body(event_type: str, *, slug: str, url: str, article: dict[str, Any] | None,
         at: datetime) -> str:
    """The JSON of one event in the Standard Webhooks shape: type, timestamp, data."""
    return json.dumps(
        {"type": event_type, "timestamp": at,
         "data": {"slug": slug, "url": absolute(url), "article": article}},
        cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))


def announce(event_type: str, article_id: int, *, slug: str, url: str) -> list[int]:
    """Create the deliveries of one event; returns their ids (to be sent by tasks)."""
    now = timezone.now()
    article_data: dict[str, Any] | None = None
    if event_type != WITHDRAWN:
        article = Article.objects.published().filter(pk=article_id).first()
        if article is None:
            logger.info("webhooks: article %s is not public now; %s not sent", article_id,
                        event_type)
            return []
        article_data = article_payload(article)
        slug, url = article.slug, article.get_absolute_url()
    text = body(event_type, slug=slug, url=url, article=article_data, at=now)
    created: list[int] = []
    with transaction.atomic():
        for endpoint in Endpoint.objects.filter(active=True):
            if not endpoint.wants(event_type) or (
                    event_type == PUBLISHED and _already_announced(endpoint, article_id)):
                continue
            delivery = Delivery.objects.create(
                endpoint=endpoint, event_type=event_type, article_id=article_id,
                message_id=new_message_id(), body=text, next_attempt_at=now)
            created.append(delivery.pk)
    logger.info("webhooks: %s of article %s queued for %d endpoint(s)", event_type,
                article_id, len(created))
    return created


def _already_announced(endpoint: Endpoint, article_id: int) -> bool:
    """An article is published to an endpoint once: an embargo moved earlier or later
    schedules a second announcement, and the first of the two to run is the one sent."""
    return Delivery.objects.filter(endpoint=endpoint, article_id=article_id,
                                   event_type=PUBLISHED).exists()
