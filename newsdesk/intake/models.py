"""Where source news comes from, what was read from it, and which reports tell one story.

These models moved here from the ``sources`` and ``articles`` apps without touching the
database: each keeps the table it always had (``Meta.db_table``), so an upgrade moves
no row and every foreign key from ``articles`` still points at the same table.
"""

from __future__ import annotations

from django.db import models


class Source(models.Model):
    class Kind(models.TextChoices):
        FEED = "feed", "RSS/Atom feed"
        FILES = "files", "File or folder"

    class Status(models.TextChoices):
        NEVER = "never", "Never read"
        OK = "ok", "OK"
        PARTIAL = "partial", "Some items failed"
        FAILED = "failed", "Failed"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    location = models.CharField(max_length=2000, unique=True, help_text="Feed URL or local path.")
    outlet = models.CharField(max_length=200, blank=True, help_text="Shown in [Source: …].")
    created_at = models.DateTimeField(auto_now_add=True)
    last_checked_at = models.DateTimeField(null=True, blank=True)
    last_status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEVER)
    last_error = models.TextField(blank=True)
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    # Scheduling: when the scheduler next enqueues a refresh, and the interval it uses
    # (adapted after every attempt: longer for quiet feeds and failures, shorter for busy).
    enabled = models.BooleanField(default=True, help_text="Refresh on schedule.")
    next_check_at = models.DateTimeField(null=True, blank=True, db_index=True)
    check_interval = models.PositiveIntegerField(
        default=3600, help_text="Seconds between scheduled checks (adapted automatically)."
    )
    consecutive_failures = models.PositiveIntegerField(default=0)
    last_error_kind = models.CharField(max_length=40, blank=True)
    last_new_item_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "sources_source"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FetchAttempt(models.Model):
    """One attempt to read a source, kept so an operator can see why a source is failing."""

    class Outcome(models.TextChoices):
        OK = "ok", "OK"
        NOT_MODIFIED = "not_modified", "Not modified"
        PARTIAL = "partial", "Some items failed"
        FAILED = "failed", "Failed"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="attempts")
    started_at = models.DateTimeField(db_index=True)
    duration_ms = models.PositiveIntegerField(default=0)
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    bytes = models.PositiveBigIntegerField(default=0)
    error_kind = models.CharField(max_length=40, blank=True)
    message = models.TextField(blank=True)
    retry_after = models.PositiveIntegerField(
        null=True, blank=True, help_text="Seconds the server asked us to wait."
    )
    items_new = models.PositiveIntegerField(default=0)
    items_updated = models.PositiveIntegerField(default=0)
    items_unchanged = models.PositiveIntegerField(default=0)
    items_failed = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "sources_fetchattempt"
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["source", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.source_id} {self.outcome} at {self.started_at:%Y-%m-%d %H:%M:%S}"


class Story(models.Model):
    """Reports of one event from several outlets: near-duplicate items share a story and
    the story gets one article that attributes every outlet."""

    title = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "articles_story"
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
    labels = models.JSONField(
        default=dict, blank=True, help_text='Section and tags the source suggests: '
        '{"section": "…", "tags": ["…"]}; copied onto the article it becomes.'
    )
    canonical_url = models.CharField(max_length=2000, blank=True)
    content_hash = models.CharField(max_length=64)
    teaser_hash = models.CharField(
        max_length=64, blank=True, default="",
        help_text="Hash of the feed's teaser when the text was taken from the linked page.",
    )
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
        db_table = "articles_sourceitem"
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
        db_table = "articles_storyband"
        indexes = [models.Index(fields=["key", "created_at"])]

    def __str__(self) -> str:
        return f"band {self.key} of item {self.item_id}"
