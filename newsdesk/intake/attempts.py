"""Record every attempt to read a source, and what it means for the source's schedule.

The operator's view of a source — last status, last error and its kind, consecutive
failures, the next check — is updated here and nowhere else, together with the attempt
row, in one transaction.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from newsdesk import conf
from newsdesk.intake.intervals import Limits, next_check
from newsdesk.intake.models import FetchAttempt, Source
from newsdesk.intake.reports import IngestReport

_MAX_MESSAGE_ERRORS = 20


def limits() -> Limits:
    refresh = conf.options().refresh
    return Limits(refresh.min_seconds, refresh.max_seconds)


def _outcome(report: IngestReport) -> FetchAttempt.Outcome:
    if report.fatal:
        return FetchAttempt.Outcome.FAILED
    if report.errors:
        return FetchAttempt.Outcome.PARTIAL
    if report.not_modified:
        return FetchAttempt.Outcome.NOT_MODIFIED
    return FetchAttempt.Outcome.OK


def record_attempt(source: Source, report: IngestReport) -> FetchAttempt:
    now = timezone.now()
    outcome = _outcome(report)
    message = report.fatal or "\n".join(report.errors[:_MAX_MESSAGE_ERRORS])
    new_items = report.counts.get("new", 0) + report.counts.get("updated", 0)
    failures = source.consecutive_failures + 1 if report.fatal else 0
    plan = next_check(source.check_interval, limits(), failures=failures, new_items=new_items,
                      retry_after=report.retry_after)

    source.last_checked_at = now
    source.last_status = (
        Source.Status.FAILED if outcome == FetchAttempt.Outcome.FAILED
        else Source.Status.PARTIAL if outcome == FetchAttempt.Outcome.PARTIAL
        else Source.Status.OK
    )
    source.last_error = message
    source.last_error_kind = report.error_kind if report.fatal else ""
    source.consecutive_failures = failures
    source.check_interval = plan.interval
    source.next_check_at = now + timedelta(seconds=plan.delay)
    if new_items:
        source.last_new_item_at = now
    with transaction.atomic():
        source.save()
        return FetchAttempt.objects.create(
            source=source,
            started_at=report.started_at or now,
            duration_ms=report.duration_ms,
            outcome=outcome,
            http_status=report.http_status,
            bytes=report.bytes,
            error_kind=report.error_kind,
            message=message,
            retry_after=report.retry_after,
            items_new=report.counts.get("new", 0),
            items_updated=report.counts.get("updated", 0),
            items_unchanged=report.counts.get("unchanged", 0) + report.counts.get("duplicate", 0),
            items_failed=report.failed,
        )
