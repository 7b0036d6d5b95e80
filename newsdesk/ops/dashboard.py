"""The operations dashboard: an admin page of server-drawn SVG charts, no script, no CDN."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from newsdesk.ops import metrics
from newsdesk.ops.charts import bar_chart


def dashboard(request: HttpRequest) -> HttpResponse:
    """Staff only: wrapped in ``admin.site.admin_view`` where it is routed."""
    now = timezone.now()
    ingested = metrics.items_ingested_per_hour(24, now)
    guard = metrics.guard_pass_rate_per_day(14, now)
    llm = metrics.llm_per_hour(24, now)
    charts = [
        bar_chart("Items ingested per hour (last 24 h, UTC)",
                  [(b.start.strftime("%H:00"), b.value) for b in ingested], every=3),
        bar_chart("Guard pass rate per day (last 14 days)",
                  [(d.start.strftime("%d %b"), d.rate) for d in guard], unit="%", top=100,
                  every=2),
    ]
    if llm is not None:
        charts += [
            bar_chart("LLM mean latency per hour", [(h.start.strftime("%H:00"),
                                                     h.mean_latency_ms) for h in llm],
                      unit=" ms", every=3),
            bar_chart("LLM tokens per hour", [(h.start.strftime("%H:00"), float(h.tokens))
                                              for h in llm], every=3),
        ]
    context = {
        **admin.site.each_context(request),
        "title": "Operations",
        "charts": charts,
        "guard_days": guard,
        "guard_checked": sum(d.checked for d in guard),
        "guard_passed": sum(d.passed for d in guard),
        "ingested_total": int(sum(b.value for b in ingested)),
        "llm_available": llm is not None,
        "failing": metrics.failing_sources(),
        "review_queue": metrics.review_queue_size(),
        "generated_at": now,
    }
    return render(request, "ops/dashboard.html", context)
