"""What newsdesk writes from the stored fact base (``intake.SourceItem``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from newsdesk.articles.queries import ArticleQuerySet
from newsdesk.intake.models import SourceItem


class Section(models.Model):
    """A standing part of the publication (Politics, Sport …) with its own page and feed."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("web:section", args=[self.slug])


class Tag(models.Model):
    """A free label shared across sections; related articles fall back on shared tags."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("web:tag", args=[self.slug])


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "Needs review"
        PUBLISHED = "published", "Published"
        REJECTED = "rejected", "Rejected"

    headline = models.CharField(max_length=300)
    slug = models.SlugField(max_length=120, unique=True)
    body = models.TextField(
        help_text="Paragraphs separated by a blank line, with [Source: …] markers."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    source_item = models.ForeignKey(SourceItem, on_delete=models.PROTECT, related_name="articles")
    made_by = models.CharField(max_length=100, help_text="Backend that wrote it.")
    model_name = models.CharField(max_length=200, blank=True)
    prompt_version = models.CharField(max_length=50)
    extractive = models.BooleanField(
        default=False, help_text="Built from the source's own sentences."
    )
    guard_passed = models.BooleanField(default=False)
    guard_problems = models.JSONField(default=list, blank=True)
    guard_score = models.FloatField(
        null=True, blank=True,
        help_text="The guard classifier's probability of unsupported content (LLM rewrites).",
    )
    section = models.ForeignKey(Section, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="articles")
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles")

    # -- workflow (issue 4): what readers are told about later changes, and a rewrite
    # that waits for an editor while the live text above stays on the site.
    class Change(models.TextChoices):
        NONE = "", "None"
        UPDATE = "update", "Updated"
        CORRECTION = "correction", "Correction"

    change_kind = models.CharField(max_length=10, choices=Change.choices, default="",
                                   blank=True, help_text="Marked on the page when set.")
    change_note = models.TextField(blank=True, help_text="Shown to readers with the marker.")
    changed_at = models.DateTimeField(null=True, blank=True)
    pending_version = models.ForeignKey(
        "ArticleVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="A newer rewrite waiting for review; the live text is kept until approved.",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["status", "published_at", "id"]),
            models.Index(fields=["section", "status", "published_at", "id"],
                         name="article_section_order"),
        ]

    def __str__(self) -> str:
        return self.headline

    def get_absolute_url(self) -> str:
        return reverse("web:article", args=[self.slug])

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.body.split("\n\n") if p.strip()]


class Attribution(models.Model):
    """Links an article to a source item it draws on; ``label`` is the text in [Source: …]."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="attributions")
    source_item = models.ForeignKey(
        SourceItem, on_delete=models.PROTECT, related_name="attributions"
    )
    label = models.CharField(max_length=200)
    url = models.URLField(max_length=2000, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "label"], name="attribution_unique_label"),
        ]

    def __str__(self) -> str:
        return f"[Source: {self.label}]"


class Summary(models.Model):
    class Length(models.TextChoices):
        SHORT = "short", "One sentence"
        STANDARD = "standard", "Three sentences"
        LONG = "long", "Five sentences"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="summaries")
    length = models.CharField(max_length=10, choices=Length.choices)
    text = models.TextField()
    sentences = models.JSONField(default=list, help_text='[{"text": …, "paragraph": n}, …]')
    made_by = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "summaries"
        constraints = [
            models.UniqueConstraint(fields=["article", "length"], name="summary_unique_length"),
        ]

    def __str__(self) -> str:
        return f"{self.length} summary of {self.article_id}"


# -- issue 4: versions, review actions and LLM run records ------------------------------


class ArticleVersion(models.Model):
    """A snapshot of an article's text and guard verdict, taken on every change."""

    class Reason(models.TextChoices):
        REWRITE = "rewrite", "Rewritten from the source"
        SOURCE_UPDATE = "source_update", "Source changed"
        EDIT = "edit", "Edited by an editor"
        REGENERATE = "regenerate", "Regenerated"
        CORRECTION = "correction", "Correction"
        UPDATE = "update", "Update"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    headline = models.CharField(max_length=300)
    body = models.TextField()
    made_by = models.CharField(max_length=100)
    model_name = models.CharField(max_length=200, blank=True)
    prompt_version = models.CharField(max_length=50, blank=True)
    extractive = models.BooleanField(default=False)
    guard_passed = models.BooleanField(default=False)
    guard_problems = models.JSONField(default=list, blank=True)
    guard_score = models.FloatField(
        null=True, blank=True,
        help_text="The guard classifier's probability of unsupported content (LLM rewrites).",
    )
    reason = models.CharField(max_length=20, choices=Reason.choices, default=Reason.REWRITE)
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["article", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="version_unique_number"),
        ]

    def __str__(self) -> str:
        return f"v{self.number} of article {self.article_id}"

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.body.split("\n\n") if p.strip()]


class ReviewAction(models.Model):
    """Who did what to an article in the review queue, and when."""

    class Action(models.TextChoices):
        APPROVE = "approve", "Approved"
        EDIT = "edit", "Edited"
        REGENERATE = "regenerate", "Regenerated"
        REJECT = "reject", "Rejected"
        AUTO_PUBLISH = "auto_publish", "Published automatically"
        TO_REVIEW = "to_review", "Sent to review"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="review_actions")
    version = models.ForeignKey(
        ArticleVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} article {self.article_id}"


class RunRecord(models.Model):
    """One LLM backend call: what was asked of whom, what it cost and how it ended."""

    source_item = models.ForeignKey(
        SourceItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="runs"
    )
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="runs"
    )
    purpose = models.CharField(max_length=30)
    backend = models.CharField(max_length=100)
    model_name = models.CharField(max_length=200, blank=True)
    prompt_version = models.CharField(max_length=50, blank=True)
    tokens_in = models.PositiveIntegerField(null=True, blank=True)
    tokens_out = models.PositiveIntegerField(null=True, blank=True)
    latency_ms = models.FloatField()
    outcome = models.CharField(max_length=20)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["backend", "created_at"])]

    def __str__(self) -> str:
        return f"{self.purpose} via {self.backend}: {self.outcome}"
