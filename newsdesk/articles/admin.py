"""The editors' side: the review queue, versions, review actions and LLM run records.

The queue is the Article list filtered to "Needs review" (a new rewrite) or "Update
waiting" (a pending version of a live article). Each article shows its source beside
the rewrite with guard problems highlighted. Publishing goes through the approve
action only, so that every publication by hand is recorded with who and when.

Every save and delete here goes through the workflow, which sends the publication event
after commit: the admin never decides on its own what readers are told.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db import models
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from newsdesk.articles import workflow
from newsdesk.articles.models import (
    Article,
    ArticleVersion,
    Attribution,
    ReviewAction,
    RunRecord,
    Section,
    Summary,
    Tag,
)
from newsdesk.articles.pipeline import regenerate
from newsdesk.articles.review import highlighted, plain
from newsdesk.reader.sanitize import SafeHTML


class ReadOnlyInline(admin.TabularInline[Any, Article]):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        return False


class AttributionInline(admin.TabularInline[Attribution, Article]):
    model = Attribution
    extra = 0
    raw_id_fields = ["source_item"]
    # Django 5.2 warns unless the scheme a bare "example.org" gets is chosen explicitly.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class SummaryInline(ReadOnlyInline):
    model = Summary
    fields = readonly_fields = ("length", "text", "made_by", "created_at")


class VersionInline(ReadOnlyInline):
    model = ArticleVersion
    fk_name = "article"
    fields = readonly_fields = ("number", "reason", "headline", "made_by", "guard_passed",
                                "created_by", "created_at", "note")


class ReviewActionInline(ReadOnlyInline):
    model = ReviewAction
    fields = readonly_fields = ("action", "user", "at", "version", "note")


class RunInline(ReadOnlyInline):
    model = RunRecord
    fk_name = "article"
    fields = readonly_fields = ("created_at", "purpose", "backend", "model_name",
                                "prompt_version", "tokens_in", "tokens_out", "latency_ms",
                                "outcome", "error")


class QueueFilter(admin.SimpleListFilter):
    title = "review queue"
    parameter_name = "queue"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("waiting", "Waiting for an editor"), ("updates", "Update of a live article")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "waiting":
            return queryset.filter(Q(status=Article.Status.REVIEW) |
                                   Q(pending_version__isnull=False))
        if self.value() == "updates":
            return queryset.filter(pending_version__isnull=False)
        return queryset


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin[Article]):
    list_display = ["headline", "status", "update_waiting", "guard_passed", "made_by",
                    "published_at", "created_at"]
    list_filter = [QueueFilter, "status", "guard_passed", "made_by", "section"]
    autocomplete_fields = ["tags"]
    search_fields = ["headline", "body"]
    readonly_fields = ["status", "made_by", "model_name", "prompt_version", "extractive",
                       "guard_passed", "guard_problems", "guard_score", "created_at",
                       "updated_at", "source_side", "rewrite_side", "pending_version", "changed_at"]
    fieldsets = [
        ("Review: source and rewrite side by side", {"fields": [("source_side",
                                                                  "rewrite_side")]}),
        ("Text", {"fields": ["headline", "body", "slug", "published_at", "section", "tags"]}),
        ("Marked on the page", {"fields": ["change_kind", "change_note", "changed_at"]}),
        ("Provenance", {"fields": ["status", "pending_version", "source_item", "made_by",
                                   "model_name", "prompt_version", "extractive",
                                   "guard_passed", "guard_problems", "guard_score",
                                   "created_at", "updated_at"]}),
    ]
    raw_id_fields = ["source_item"]
    inlines = [AttributionInline, SummaryInline, VersionInline, ReviewActionInline, RunInline]
    actions = ["approve", "reject", "regenerate_action"]

    class Media:
        css = {"all": ["articles/review.css"]}

    @admin.display(boolean=True, description="update waiting")
    def update_waiting(self, obj: Article) -> bool:
        return obj.pending_version_id is not None

    @admin.display(description="Source (the fact base)")
    def source_side(self, obj: Article) -> SafeHTML | str:
        if not obj.pk:
            return ""
        return plain(obj.source_item.title, obj.source_item.text)

    @admin.display(description="Rewrite, guard problems highlighted")
    def rewrite_side(self, obj: Article) -> SafeHTML | str:
        if not obj.pk:
            return ""
        pending = obj.pending_version
        if pending is not None:
            return highlighted(pending.headline, pending.paragraphs, pending.guard_problems)
        return highlighted(obj.headline, obj.paragraphs, obj.guard_problems)

    @admin.action(description="Approve and publish")
    def approve(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        count = 0
        for article in queryset:
            workflow.approve(article, request.user)
            count += 1
        self.message_user(request, f"Published {count} article(s).", messages.SUCCESS)

    @admin.action(description="Reject (a waiting update only drops the update)")
    def reject(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        count = 0
        for article in queryset:
            workflow.reject(article, request.user)
            count += 1
        self.message_user(request, f"Rejected {count} article(s).", messages.WARNING)

    @admin.action(description="Regenerate from the source (result waits for review)")
    def regenerate_action(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        for article in queryset:
            try:
                regenerate(article, request.user)
            except Exception as exc:  # one failure is reported, the rest go on
                self.message_user(request, f"{article.headline}: {exc}", messages.ERROR)
        self.message_user(request, "Regenerated; the new text waits for review.",
                          messages.INFO)

    def save_model(self, request: HttpRequest, obj: Article, form: Any, change: bool) -> None:
        """The change form runs in one transaction (Django's ``changeform_view``), so the
        tags and sources its inlines save after this are part of the same change."""
        text_fields = {"headline", "body", "change_kind", "change_note"}
        if not change or not text_fields & set(form.changed_data):
            with workflow.changing(obj):
                super().save_model(request, obj, form, change)
            return
        checked = workflow.edit(obj, request.user)
        if not checked.passed:
            live = obj.status == Article.Status.PUBLISHED
            where = ("The live text stays on the site; the edit waits as a pending version."
                     if live else "It stays in review.")
            self.message_user(
                request,
                f"The guard found {len(checked.problems)} problem(s) in the edit. {where}",
                messages.WARNING,
            )

    def delete_model(self, request: HttpRequest, obj: Article) -> None:
        workflow.delete([obj])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        workflow.delete(queryset)


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(RunRecord)
class RunRecordAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "purpose", "backend", "model_name", "outcome", "latency_ms",
                    "tokens_in", "tokens_out", "source_item", "article"]
    list_filter = ["outcome", "backend", "purpose"]
    search_fields = ["error", "model_name"]


@admin.register(ReviewAction)
class ReviewActionAdmin(ReadOnlyAdmin):
    list_display = ["at", "action", "user", "article", "version"]
    list_filter = ["action"]


@admin.register(ArticleVersion)
class ArticleVersionAdmin(ReadOnlyAdmin):
    list_display = ["article", "number", "reason", "headline", "guard_passed", "made_by",
                    "created_by", "created_at"]
    list_filter = ["reason", "guard_passed"]


class LabelAdmin(admin.ModelAdmin[Any]):
    """Sections and tags: a rename or a deletion changes every article filed under it,
    so it goes through the workflow like any other change readers see."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with workflow.relabelling([obj]):
            super().save_model(request, obj, form, change)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with workflow.relabelling([obj]):
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        with workflow.relabelling(list(queryset)):
            super().delete_queryset(request, queryset)


@admin.register(Section)
class SectionAdmin(LabelAdmin):
    list_display = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Tag)
class TagAdmin(LabelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
