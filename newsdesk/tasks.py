"""django-tasks wrappers: they take ids, never objects, and only call a service."""

from __future__ import annotations

from django_tasks import task

from newsdesk.articles.pipeline import process_item
from newsdesk.sources.services import ingest_target


@task()
def process_item_task(item_id: int) -> str:
    article = process_item(item_id)
    return article.status if article is not None else "skipped"


@task()
def ingest_target_task(target: str) -> dict[str, int]:
    report = ingest_target(target)
    return {**report.counts, "failed": report.failed}
