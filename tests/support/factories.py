"""Small builders for rows the site tests need."""

from __future__ import annotations

import itertools
from datetime import datetime

from django.utils import timezone

from newsdesk.articles import workflow
from newsdesk.articles.models import Article, Attribution
from newsdesk.articles.summaries import make_summaries
from newsdesk.intake.models import Source, SourceItem
from tests.support.commit import committed

_counter = itertools.count(1)

BODY = (
    "The Dunmore water board approved a 4.5% rate rise on Monday. [Source: Dunmore Gazette]\n\n"
    "Chair Ines Calloway said the money would replace 12 kilometres of pipe laid in 1961. "
    "\"We cannot patch our way out of this,\" she said. [Source: Dunmore Gazette]\n\n"
    "The new rates take effect on 1 February. [Source: Dunmore Gazette]"
)


def make_item(**fields: object) -> SourceItem:
    n = next(_counter)
    source, _ = Source.objects.get_or_create(
        location=f"/tmp/factory-source-{n}", defaults={"name": "Factory", "kind": "files"}
    )
    values: dict[str, object] = {
        "source": source,
        "key": f"item-{n}",
        "url": f"https://gazette.dunmore.example/{n}",
        "title": f"Item {n}",
        "outlet": "Dunmore Gazette",
        "text": BODY.replace(" [Source: Dunmore Gazette]", "") + f" ({n})",
        "content_hash": f"{n:064d}",
    }
    values.update(fields)
    return SourceItem.objects.create(**values)


def make_article(
    headline: str,
    *,
    status: str = Article.Status.PUBLISHED,
    published_at: datetime | None = None,
    body: str = BODY,
    summaries: bool = True,
) -> Article:
    """An article stored as the workflow would leave it, with the publication event sent
    (and its effects run: stored pages, page cache, search index) when it is released."""
    item = make_item()
    n = next(_counter)
    article = Article(
        headline=headline,
        slug=f"article-{n}",
        body=body,
        status=status,
        published_at=published_at or (timezone.now() if status == "published" else None),
        source_item=item,
        made_by="offline",
        prompt_version="rewrite-v1",
        guard_passed=True,
    )
    with committed(), workflow.changing(article):
        article.save()
        Attribution.objects.create(article=article, source_item=item, label="Dunmore Gazette",
                                   url=item.url)
        if summaries:
            make_summaries(article)
    return article
