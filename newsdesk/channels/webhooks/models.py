"""Webhook endpoints, one delivery per event and endpoint, and every attempt at it.

A delivery's body is fixed when the event is announced and sent unchanged on every
attempt under one ``webhook-id``, so a receiver that got it twice can tell (Standard
Webhooks' idempotency key). Attempts are kept so an operator can see why an endpoint
fails: status, latency and error of each.
"""

from __future__ import annotations

from django.db import models

EVENT_TYPES = ("article.published", "article.updated", "article.withdrawn")


class Endpoint(models.Model):
    """Where events are POSTed, signed with the endpoint's own secret."""

    url = models.CharField(max_length=2000, help_text="http(s) URL the events are POSTed to.")
    secret = models.CharField(
        max_length=100, help_text="whsec_… : the receiver verifies signatures with it.")
    events = models.JSONField(default=list, help_text="Event types sent here.")
    description = models.CharField(max_length=200, blank=True)
    active = models.BooleanField(default=True, help_text="Deliveries are sent.")
    created_at = models.DateTimeField(auto_now_add=True)
    failing_since = models.DateTimeField(
        null=True, blank=True, help_text="First failed attempt since the last success.")
    last_success_at = models.DateTimeField(null=True, blank=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.url

    def wants(self, event_type: str) -> bool:
        return event_type in self.events


class Delivery(models.Model):
    """One event for one endpoint: sent until a 2xx, or given up."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        DELIVERED = "delivered", "Delivered"
        GIVEN_UP = "given_up", "Given up"

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    event_type = models.CharField(max_length=40)
    article_id = models.BigIntegerField(db_index=True)
    message_id = models.CharField(max_length=64, unique=True, help_text="The webhook-id.")
    body = models.TextField(help_text="The JSON sent, the same on every attempt.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["endpoint", "article_id", "event_type"])]

    def __str__(self) -> str:
        return f"{self.event_type} of article {self.article_id} to endpoint {self.endpoint_id}"


class Attempt(models.Model):
    """One POST of a delivery: what came back, how long it took, what went wrong."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    at = models.DateTimeField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    latency_ms = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    response = models.TextField(blank=True, help_text="The start of the receiver's answer.")

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        outcome = self.status_code or self.error[:40]
        return f"attempt at {self.at:%Y-%m-%d %H:%M:%S}: {outcome}"
