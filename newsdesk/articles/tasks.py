"""django-tasks wrappers: they take ids, never objects, and only call a service.

They live here, above intake, because refreshing a source goes on to queue its items for
processing, and processing writes articles. Until the intake redesign they were
``newsdesk.tasks.*``; queued rows that still name that path (django-tasks stores the
dotted path of the task in each row) are rewritten by migration ``articles 0010``, so a
queue left by an older version runs after the upgrade.
"""

from __future__ import annotations

from django_tasks import task

from newsdesk.articles.pipeline import process_item
from newsdesk.intake.models import SourceItem
from newsdesk.intake.services import refresh_source


@task()
def process_item_task(item_id: int) -> str:
    article = process_item(item_id)
    return article.status if article is not None else "skipped"


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
