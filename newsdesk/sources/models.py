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

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
