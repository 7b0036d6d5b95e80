"""Where source news comes from, and how the last attempt to read it went."""

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
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["source", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.source_id} {self.outcome} at {self.started_at:%Y-%m-%d %H:%M:%S}"
