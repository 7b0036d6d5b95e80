"""WebSub both ways: our subscriptions to sources' hubs (and every push they sent), and
the pings that tell the hubs of newsdesk's own feeds that a feed changed."""

from __future__ import annotations

from django.db import models

from newsdesk.intake.models import Source


class Subscription(models.Model):
    """One source's subscription at the hub its feed names (WebSub §5).

    ``requested_at`` is set while a subscription request is out: only then does the
    callback confirm a hub's verification, so nobody can subscribe newsdesk to anything.
    """

    class State(models.TextChoices):
        NEW = "new", "Not yet requested"
        REQUESTED = "requested", "Waiting for the hub to verify"
        ACTIVE = "active", "Active: the hub pushes"
        DENIED = "denied", "Denied by the hub"
        FAILED = "failed", "Failed"
        EXPIRED = "expired", "Lease expired"

    source = models.OneToOneField(Source, on_delete=models.CASCADE, related_name="websub")
    hub = models.CharField(max_length=2000)
    topic = models.CharField(max_length=2000, help_text="The feed's URL as the hub knows it.")
    secret = models.CharField(max_length=64, help_text="Signs every push (X-Hub-Signature).")
    state = models.CharField(max_length=10, choices=State.choices, default=State.NEW)
    created_at = models.DateTimeField(auto_now_add=True)
    requested_at = models.DateTimeField(
        null=True, blank=True, help_text="A subscription request is out since then.")
    verified_at = models.DateTimeField(null=True, blank=True)
    lease_seconds = models.PositiveIntegerField(null=True, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True, db_index=True)
    failures = models.PositiveIntegerField(default=0)
    retry_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    last_push_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.topic} at {self.hub}"


class Push(models.Model):
    """One POST to a subscription's callback: refused, or kept until it is ingested."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", "Accepted, waiting to be ingested"
        INGESTED = "ingested", "Ingested"
        FAILED = "failed", "Ingest failed"
        REFUSED = "refused", "Refused: bad signature"
        UNKNOWN = "unknown", "Refused: no such subscription"
        TOO_LARGE = "too_large", "Refused: too large"

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, null=True,
                                     blank=True, related_name="pushes")
    callback_id = models.BigIntegerField(help_text="The id in the callback URL.")
    received_at = models.DateTimeField(auto_now_add=True)
    remote_addr = models.CharField(max_length=45, blank=True)
    bytes = models.PositiveIntegerField(default=0)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    detail = models.CharField(max_length=500, blank=True)
    # Kept only between acceptance and ingestion, then emptied.
    body = models.BinaryField(default=b"", blank=True)
    content_type = models.CharField(max_length=200, blank=True)
    links = models.TextField(blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"push to callback {self.callback_id}: {self.outcome}"


class HubPing(models.Model):
    """What one hub was last told of one of newsdesk's feeds (``hub.mode=publish``)."""

    hub = models.CharField(max_length=2000)
    topic = models.CharField(max_length=2000)
    changed_at = models.DateTimeField(null=True, blank=True,
                                      help_text="The latest change waiting to be told.")
    pinged_at = models.DateTimeField(null=True, blank=True, help_text="Last ping the hub took.")
    attempts = models.PositiveIntegerField(default=0, help_text="Failed pings in a row.")
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["hub", "topic"],
                                               name="hubping_unique_topic")]
        ordering = ["topic", "hub"]

    def __str__(self) -> str:
        return f"{self.topic} at {self.hub}"
