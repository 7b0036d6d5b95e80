"""What the fediverse channel keeps: its keys, its followers, the keys of the servers that
write to it, and every activity it sent with one delivery per inbox.

Actors themselves are not rows: the site actor and the section actors follow from the
options (``actors.py``), so renaming nothing in the database can make one disappear.
"""

from __future__ import annotations

from django.db import models


class ActorKey(models.Model):
    """The RSA key pair an actor signs with, made the first time it is needed.

    The private key is in the database, not the data folder, because every process that
    signs (web processes answering a Follow, task workers on other machines) must use the
    same key the actor document publishes. It is never shown: no admin page, no
    ``__str__``, no log line, no ``newsdesk config`` row; a database backup holds it.
    """

    actor = models.CharField(max_length=100, unique=True)
    public_pem = models.TextField()
    private_pem = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"key of {self.actor}"

    def __repr__(self) -> str:
        return f"<ActorKey {self.actor}>"


class Follower(models.Model):
    """A remote account following one of newsdesk's actors."""

    actor = models.CharField(max_length=100, help_text="Which of newsdesk's actors it follows.")
    uri = models.URLField(max_length=2000, help_text="The follower's actor id.")
    inbox = models.URLField(max_length=2000)
    shared_inbox = models.URLField(
        max_length=2000, blank=True,
        help_text="Its server's shared inbox; one delivery there reaches all its followers.")
    follow_id = models.CharField(max_length=2000, blank=True,
                                 help_text="The id of the Follow activity accepted.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["actor", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["actor", "uri"], name="ap_follower_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.uri} follows {self.actor}"

    @property
    def delivery_inbox(self) -> str:
        return self.shared_inbox or self.inbox


class RemoteKey(models.Model):
    """A sender's public key, fetched by its keyId and kept a while (see ``remote.py``)."""

    key_id = models.CharField(max_length=2000, unique=True)
    owner = models.CharField(max_length=2000)
    public_pem = models.TextField()
    inbox = models.CharField(max_length=2000, blank=True)
    shared_inbox = models.CharField(max_length=2000, blank=True)
    fetched_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.key_id


class Announcement(models.Model):
    """An article an actor has told its followers about, and whether it has since said
    Delete: what Update and Delete are sent for, and what the object URL answers."""

    actor = models.CharField(max_length=100)
    article_id = models.BigIntegerField(help_text="Not a foreign key: a deleted article's "
                                                  "Delete still needs its number.")
    deleted = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["actor", "article_id"],
                                    name="ap_announcement_unique"),
        ]

    def __str__(self) -> str:
        return f"article {self.article_id} by {self.actor}"


class Activity(models.Model):
    """One activity newsdesk sent, exactly as signed and posted to each inbox."""

    class Kind(models.TextChoices):
        CREATE = "Create", "Create"
        UPDATE = "Update", "Update"
        DELETE = "Delete", "Delete"
        ACCEPT = "Accept", "Accept"

    actor = models.CharField(max_length=100)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    uri = models.CharField(max_length=2000)
    article_id = models.BigIntegerField(null=True, blank=True)
    body = models.BinaryField(help_text="The JSON posted, byte for byte on every retry.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "activities"

    def __str__(self) -> str:
        return f"{self.kind} by {self.actor}"


class Delivery(models.Model):
    """One activity posted to one inbox (a shared inbox once for all its followers)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Delivered"
        RETRY = "retry", "Waiting to retry"
        FAILED = "failed", "Given up"
        GONE = "gone", "Gone (410): follower removed"

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="deliveries")
    inbox = models.URLField(max_length=2000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "deliveries"
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.activity} to {self.inbox}"
