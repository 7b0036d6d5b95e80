"""Subscribers, one edition per day, and one delivery per subscriber and edition.

The rows carry the two guarantees of the daily mail: ``Edition.day`` is unique, so only one
scheduler can claim a day; ``Delivery`` is unique per (edition, subscriber) and moves from
queued to sending by a conditional update, so one message is sent at most once even when
two workers run the same edition or a crashed run is resumed.
"""

from __future__ import annotations

from django.db import models

from newsdesk.articles.models import Section


class Subscriber(models.Model):
    """An address stored only to send it the briefing. Unsubscribing deletes the row."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        BOUNCED = "bounced", "Rejected by its mail server"

    email = models.EmailField(max_length=254, help_text="As the subscriber typed it.")
    address_key = models.CharField(
        max_length=254, unique=True, help_text="The address in lower case: one row per address."
    )
    mailbox_key = models.CharField(
        max_length=254, db_index=True,
        help_text="The address without a +tag: confirmation mails are rationed per mailbox.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    all_sections = models.BooleanField(default=True, help_text="Every section, new ones too.")
    sections = models.ManyToManyField(Section, blank=True, related_name="+")
    requested_all = models.BooleanField(
        default=True, help_text="The choice made in the form, applied when confirmed."
    )
    requested_sections = models.JSONField(default=list, blank=True)
    confirm_token_hash = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the one-time link's token."
    )
    confirm_sent_at = models.DateTimeField(null=True, blank=True)
    unsubscribe_nonce = models.CharField(max_length=32)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    bounced_at = models.DateTimeField(null=True, blank=True)
    bounce_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "confirm_sent_at"])]

    def __str__(self) -> str:
        return self.email


class Edition(models.Model):
    """One day's briefing. Creating the row is how a scheduler claims the day."""

    day = models.DateField(unique=True)
    claimed_at = models.DateTimeField(auto_now_add=True)
    planned_at = models.DateTimeField(
        null=True, blank=True, help_text="Every confirmed subscriber has a delivery row."
    )
    lease_until = models.DateTimeField(
        null=True, blank=True,
        help_text="A run is on it until then; after that a scheduler may resume it.",
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    article_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"briefing of {self.day.isoformat()}"


class Delivery(models.Model):
    """One subscriber's copy of one edition: what happened to it, and when to try again."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Handed to the mail server"  # left here only by a crash
        SENT = "sent", "Sent"
        RETRY = "retry", "Waiting to retry"
        SKIPPED = "skipped", "Nothing in their sections"
        FAILED = "failed", "Gave up after temporary errors"
        REJECTED = "rejected", "Rejected for good"

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="deliveries"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=300, blank=True)
    article_count = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["edition", "subscriber"],
                                    name="delivery_unique_subscriber"),
        ]
        indexes = [models.Index(fields=["edition", "status"])]

    def __str__(self) -> str:
        return f"{self.edition} to subscriber {self.subscriber_id}"
