"""The numbers behind the operations dashboard, one small query function each.

Each returns plain rows, so pointing one at a richer model later (the fetch-attempt log, the
LLM run records) changes that function and nothing else. Every query is one aggregate
with a time bound: cost does not grow with the age of the site.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.apps import apps
from django.db.models import Avg, Count, Q, Sum
from django.db.models.functions import TruncDay, TruncHour
from django.utils import timezone

from newsdesk.articles.models import Article
from newsdesk.intake.models import Source, SourceItem

# Model holding one row per LLM call (created_at, latency_ms, tokens_in, tokens_out);
# point it at the run-record model once it exists.
LLM_RUN_MODEL = "articles.RunRecord"


@dataclass(frozen=True)
class Bucket:
    start: datetime
    value: float


def _hours(now: datetime, hours: int) -> list[datetime]:
    last = now.replace(minute=0, second=0, microsecond=0)
    return [last - timedelta(hours=h) for h in range(hours - 1, -1, -1)]


def _days(now: datetime, days: int) -> list[datetime]:
    last = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return [last - timedelta(days=d) for d in range(days - 1, -1, -1)]


def _filled(starts: list[datetime], found: dict[datetime, float]) -> list[Bucket]:
    return [Bucket(start, float(found.get(start, 0))) for start in starts]


def items_ingested_per_hour(hours: int = 24, now: datetime | None = None) -> list[Bucket]:
    """Source items stored per hour (SourceItem.fetched_at)."""
    starts = _hours(now or timezone.now(), hours)
    rows = (SourceItem.objects.filter(fetched_at__gte=starts[0])
            .annotate(hour=TruncHour("fetched_at")).values("hour")
            .annotate(n=Count("id")).values_list("hour", "n"))
    return _filled(starts, dict(rows))


@dataclass(frozen=True)
class GuardDay:
    start: datetime
    checked: int
    passed: int

    @property
    def rate(self) -> float:
        return 100.0 * self.passed / self.checked if self.checked else 0.0


def guard_pass_rate_per_day(days: int = 14, now: datetime | None = None) -> list[GuardDay]:
    """Rewrites checked by the guard per day (Article.created_at) and how many passed."""
    starts = _days(now or timezone.now(), days)
    rows = (Article.objects.filter(created_at__gte=starts[0])
            .annotate(day=TruncDay("created_at")).values("day")
            .annotate(n=Count("id"), ok=Count("id", filter=Q(guard_passed=True))))
    found = {row["day"]: (row["n"], row["ok"]) for row in rows}
    return [GuardDay(start, *found.get(start, (0, 0))) for start in starts]


@dataclass(frozen=True)
class LLMHour:
    start: datetime
    calls: int
    mean_latency_ms: float
    tokens: int


def llm_runs_model() -> Any | None:
    app_label, name = LLM_RUN_MODEL.split(".")
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def llm_per_hour(hours: int = 24, now: datetime | None = None) -> list[LLMHour] | None:
    """Calls, mean latency and tokens per hour; None while no run-record model exists."""
    model = llm_runs_model()
    if model is None:
        return None
    starts = _hours(now or timezone.now(), hours)
    rows = (model.objects.filter(created_at__gte=starts[0])
            .annotate(hour=TruncHour("created_at")).values("hour")
            .annotate(n=Count("id"), latency=Avg("latency_ms"),
                      t_in=Sum("tokens_in"), t_out=Sum("tokens_out")))
    found = {r["hour"]: LLMHour(r["hour"], r["n"], float(r["latency"] or 0),
                                int((r["t_in"] or 0) + (r["t_out"] or 0))) for r in rows}
    return [found.get(start, LLMHour(start, 0, 0.0, 0)) for start in starts]


@dataclass(frozen=True)
class FailingSource:
    pk: int
    name: str
    status: str
    error: str
    last_checked_at: datetime | None


def failing_sources(limit: int = 50) -> list[FailingSource]:
    """Sources whose last read failed or half-failed, most recently checked first."""
    rows = (Source.objects.filter(last_status__in=[Source.Status.FAILED, Source.Status.PARTIAL])
            .order_by("-last_checked_at", "id")[:limit])
    return [FailingSource(s.pk, s.name, s.get_last_status_display(), s.last_error[:300],
                          s.last_checked_at) for s in rows]


def review_queue_size() -> int:
    return Article.objects.filter(status=Article.Status.REVIEW).count()
