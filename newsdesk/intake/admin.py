"""The operators' side of intake: sources and their health, fetch attempts, source items."""

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from newsdesk.intake.models import FetchAttempt, Source, SourceItem

_RECENT = 10


class FailingFilter(admin.SimpleListFilter):
    """Sources that failed their last attempt(s): what an operator must look at."""

    title = "health"
    parameter_name = "health"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("failing", "Failing now"), ("repeated", "Failing 3+ times in a row"),
                ("healthy", "Healthy")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "failing":
            return queryset.filter(consecutive_failures__gt=0)
        if self.value() == "repeated":
            return queryset.filter(consecutive_failures__gte=3)
        if self.value() == "healthy":
            return queryset.filter(consecutive_failures=0)
        return queryset


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin[Source]):
    list_display = ["name", "kind", "location", "last_status", "last_error_kind",
                    "consecutive_failures", "last_checked_at", "next_check_at", "enabled"]
    list_filter = [FailingFilter, "kind", "last_status", "last_error_kind", "enabled"]
    search_fields = ["name", "location", "outlet"]
    readonly_fields = ["created_at", "last_checked_at", "last_status", "last_error",
                       "last_error_kind", "consecutive_failures", "last_new_item_at",
                       "etag", "last_modified"]
    actions = ["check_now"]

    def get_readonly_fields(self, request: HttpRequest, obj: Source | None = None) -> list[str]:
        return [*self.readonly_fields, "recent_attempts"]

    @admin.display(description="Recent attempts")
    def recent_attempts(self, obj: Source) -> str:
        """The last few attempts (a source may have thousands), and a link to all of them."""
        if obj.pk is None:
            return "-"
        rows = format_html_join(
            "", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} ms</td>"
                "<td>{} new / {} unchanged / {} failed</td><td>{}</td></tr>",
            ((a.started_at.strftime("%Y-%m-%d %H:%M:%S"), a.get_outcome_display(),
              a.http_status or "-", a.error_kind or "-", a.duration_ms, a.items_new,
              a.items_unchanged, a.items_failed, a.message[:200])
             for a in obj.attempts.all()[:_RECENT]),
        )
        link = reverse("admin:intake_fetchattempt_changelist") + f"?source__id__exact={obj.pk}"
        return format_html(
            "<table><tr><th>when</th><th>outcome</th><th>HTTP</th><th>error kind</th>"
            "<th>took</th><th>items</th><th>message</th></tr>{}</table>"
            '<p><a href="{}">All attempts of this source</a></p>', rows, link)

    @admin.action(description="Check now (at the scheduler's next tick)")
    def check_now(self, request: HttpRequest, queryset: QuerySet[Source]) -> None:
        queryset.update(next_check_at=None)


@admin.register(FetchAttempt)
class FetchAttemptAdmin(admin.ModelAdmin[FetchAttempt]):
    list_display = ["source", "started_at", "outcome", "http_status", "bytes", "duration_ms",
                    "error_kind", "items_new", "items_unchanged", "items_failed"]
    list_filter = ["outcome", "error_kind", "source"]
    search_fields = ["source__name", "source__location", "message"]
    list_select_related = ["source"]
    date_hierarchy = "started_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(SourceItem)
class SourceItemAdmin(admin.ModelAdmin[SourceItem]):
    list_display = ["title", "source", "status", "published_at", "fetched_at"]
    list_filter = ["status", "source"]
    search_fields = ["title", "text", "url"]
    readonly_fields = ["content_hash", "fetched_at"]
    # Django 6 reads a scheme-less link as https; say so now (and silence the warning).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
