"""The stored fact base (source items) and what newsdesk writes from it."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from newsdesk.articles.queries import ArticleQuerySet
from newsdesk.sources.models import Source


class Story(models.Model):
    """Reports of one event from several outlets: near-duplicate items share a story and
    the story gets one article that attributes every outlet."""

    title = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "stories"

    def __str__(self) -> str:
        return self.title


class SourceItem(models.Model):
    """One source item as read: the fact base every rewrite is checked against."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be processed"
        PROCESSING = "processing", "Being processed"
        DONE = "done", "Processed"
        FAILED = "failed", "Failed"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="items")
    key = models.CharField(
        max_length=2000, help_text="GUID, URL or content hash within the source."
    )
    url = models.URLField(max_length=2000, blank=True)
    title = models.CharField(max_length=500)
    outlet = models.CharField(max_length=200, blank=True)
    text = models.TextField()
    published_at = models.DateTimeField(null=True, blank=True)
    fetched_at = models.DateTimeField(auto_now_add=True)
    canonical_url = models.CharField(max_length=2000, blank=True)
    content_hash = models.CharField(max_length=64)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    error = models.TextField(blank=True)
    claimed_at = models.DateTimeField(
        null=True, blank=True, help_text="When a worker took it; stale claims are reclaimed."
    )
    story = models.ForeignKey(
        Story, on_delete=models.SET_NULL, null=True, blank=True, related_name="items"
    )
    signature = models.JSONField(
        default=list, blank=True, help_text="MinHash of the text, for near-duplicate matching."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "key"], name="sourceitem_unique_key"),
            # The same text may come from several outlets (they join one story), but a
            # source never holds it twice.
            models.UniqueConstraint(
                fields=["source", "content_hash"], name="sourceitem_unique_content"
            ),
        ]
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["content_hash"]),
            models.Index(fields=["source", "canonical_url"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def label(self) -> str:
        """What readers see inside ``[Source: …]``: the outlet, else the source's name."""
        return self.outlet or self.source.outlet or self.source.name


class StoryBand(models.Model):
    """One LSH band of an item's MinHash: items sharing a band are near-duplicate
    candidates, found by an indexed lookup instead of comparing every pair."""

    key = models.BigIntegerField()
    item = models.ForeignKey(SourceItem, on_delete=models.CASCADE, related_name="bands")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["key", "created_at"])]

    def __str__(self) -> str:
        return f"band {self.key} of item {self.item_id}"


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

    objects = ArticleQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["status", "published_at", "id"])]

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
