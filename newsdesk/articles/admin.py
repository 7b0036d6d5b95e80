"""The editors' side: the review queue is the Article list filtered to "Needs review"."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from newsdesk.articles.models import Article, Attribution, SourceItem, Summary
from newsdesk.articles.publishing import make_summaries, publish
from newsdesk.prerender.signals import pages_follow


class AttributionInline(admin.TabularInline[Attribution, Article]):
    model = Attribution
    extra = 0
    raw_id_fields = ["source_item"]


class SummaryInline(admin.TabularInline[Summary, Article]):
    model = Summary
    extra = 0
    can_delete = False
    readonly_fields = ["length", "text", "made_by", "created_at"]
    fields = ["length", "text", "made_by", "created_at"]

    def has_add_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin[Article]):
    list_display = ["headline", "status", "guard_passed", "made_by", "published_at", "created_at"]
    list_filter = ["status", "guard_passed", "made_by"]
    search_fields = ["headline", "body"]
    readonly_fields = ["made_by", "model_name", "prompt_version", "extractive", "guard_passed",
                       "guard_problems", "created_at", "updated_at", "source_text"]
    raw_id_fields = ["source_item"]
    inlines = [AttributionInline, SummaryInline]
    actions = ["approve", "reject"]

    @admin.display(description="Source text (the fact base)")
    def source_text(self, obj: Article) -> str:
        return obj.source_item.text if obj.pk else ""

    @admin.action(description="Approve and publish")
    def approve(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        for article in queryset:
            publish(article)
        self.message_user(request, f"Published {queryset.count()} article(s).", messages.SUCCESS)

    @admin.action(description="Reject")
    def reject(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        with pages_follow(queryset):  # update() sends no signals; stored pages must follow
            updated = queryset.update(status=Article.Status.REJECTED)
        self.message_user(request, f"Rejected {updated} article(s).", messages.WARNING)

    def save_model(self, request: HttpRequest, obj: Article, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if obj.status == Article.Status.PUBLISHED:
            # An edited body must never be shown with the summary of the old one.
            make_summaries(obj)


@admin.register(SourceItem)
class SourceItemAdmin(admin.ModelAdmin[SourceItem]):
    list_display = ["title", "source", "status", "published_at", "fetched_at"]
    list_filter = ["status", "source"]
    search_fields = ["title", "text", "url"]
    readonly_fields = ["content_hash", "fetched_at"]
