"""django-tasks wrappers: they take ids, never objects, and only call a service."""

from __future__ import annotations

from django_tasks import task

from newsdesk.articles.models import SourceItem
from newsdesk.articles.pipeline import process_item
from newsdesk.sources.services import ingest_target, refresh_source


@task()
def process_item_task(item_id: int) -> str:
    article = process_item(item_id)
    return article.status if article is not None else "skipped"


@task()
def ingest_target_task(target: str) -> dict[str, int]:
    report = ingest_target(target)
    return {**report.counts, "failed": report.failed}


@task()
def refresh_source_task(source_id: int) -> dict[str, int]:
    """Refresh one source, then queue its waiting items for processing (a second task for
    the same item is harmless: the claim lets one worker have it)."""
    report = refresh_source(source_id)
    if report is None:
        return {}
    pending = SourceItem.objects.filter(source_id=source_id, status=SourceItem.Status.PENDING)
    for item_id in pending.values_list("id", flat=True):
        process_item_task.enqueue(item_id)
    return {**report.counts, "failed": report.failed}
