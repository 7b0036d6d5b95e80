from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from newsdesk.sources.models import FetchAttempt, Source


class FetchAttemptInline(admin.TabularInline[FetchAttempt, Source]):
    model = FetchAttempt
    extra = 0
    max_num = 0
    can_delete = False
    ordering = ["-started_at", "-id"]
    fields = ("started_at", "outcome", "http_status", "bytes", "duration_ms", "error_kind",
              "message", "items_new", "items_updated", "items_unchanged", "items_failed")
    readonly_fields = fields


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
    inlines = [FetchAttemptInline]
    actions = ["check_now"]

    @admin.action(description="Check now (at the scheduler's next tick)")
    def check_now(self, request: HttpRequest, queryset: QuerySet[Source]) -> None:
        queryset.update(next_check_at=None)


@admin.register(FetchAttempt)
class FetchAttemptAdmin(admin.ModelAdmin[FetchAttempt]):
    list_display = ["source", "started_at", "outcome", "http_status", "bytes", "duration_ms",
                    "error_kind", "items_new", "items_unchanged", "items_failed"]
    list_filter = ["outcome", "error_kind"]
    search_fields = ["source__name", "source__location", "message"]
    list_select_related = ["source"]
    date_hierarchy = "started_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
