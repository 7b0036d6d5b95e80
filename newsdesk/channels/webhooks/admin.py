"""Admin pages: endpoints (their secret shown to copy, their state, switching back on)
and every delivery with its attempts — status, latency and error of each.

Secrets and receivers' URLs are the admin role's alone: the editor and reviewer roles
get no permission on these models (``ops.roles``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest

from newsdesk.channels.webhooks import endpoints
from newsdesk.channels.webhooks.models import EVENT_TYPES, Attempt, Delivery, Endpoint
from newsdesk.channels.webhooks.signing import new_secret


class EndpointForm(forms.ModelForm[Endpoint]):
    """The URL and events checked as `newsdesk webhooks add` checks them, so a bad one is
    shown on the form and nothing is stored."""

    events = forms.MultipleChoiceField(
        choices=[(event, event) for event in EVENT_TYPES], initial=list(EVENT_TYPES),
        widget=forms.CheckboxSelectMultiple, help_text="Event types sent here.")

    class Meta:
        model = Endpoint
        fields = ["url", "events", "description", "active"]

    def clean_url(self) -> str:
        try:
            return endpoints.check_url(self.cleaned_data.get("url") or "")
        except endpoints.BadEndpoint as exc:
            raise ValidationError(str(exc)) from exc

    def clean_events(self) -> list[str]:
        try:
            return endpoints.check_events(self.cleaned_data.get("events") or [])
        except endpoints.BadEndpoint as exc:
            raise ValidationError(str(exc)) from exc


@admin.register(Endpoint)
class EndpointAdmin(admin.ModelAdmin[Endpoint]):
    form = EndpointForm
    list_display = ("url", "events_list", "short_state", "last_success_at", "created_at")
    list_filter = ("active",)
    search_fields = ("url", "description")
    fields = ("url", "events", "description", "active", "secret", "state", "failing_since",
              "last_success_at", "disabled_at", "created_at")
    readonly_fields = ("secret", "state", "failing_since", "last_success_at", "disabled_at",
                       "created_at")
    actions = ["switch_on"]

    @admin.display(description="events")
    def events_list(self, obj: Endpoint) -> str:
        return ", ".join(obj.events)

    @admin.display(description="state")
    def short_state(self, obj: Endpoint) -> str:
        """The list's column: the reason for switching off is on the endpoint's page."""
        return "switched off" if not obj.active else endpoints.state(obj)

    @admin.display(description="state")
    def state(self, obj: Endpoint) -> str:
        return endpoints.state(obj) if obj.pk else "new"

    def save_model(self, request: HttpRequest, obj: Endpoint, form: Any, change: bool) -> None:
        if not obj.secret:
            obj.secret = new_secret()
        super().save_model(request, obj, form, change)
        if not change:
            messages.info(request, f"The endpoint's signing secret is {obj.secret} — give it "
                          "to the receiver so it can verify each delivery.")

    @admin.action(description="Switch the selected endpoints back on")
    def switch_on(self, request: HttpRequest, queryset: QuerySet[Endpoint]) -> None:
        for endpoint in queryset:
            endpoints.enable(endpoint)
        messages.success(request, f"{queryset.count()} endpoint(s) switched on.")


class AttemptInline(admin.TabularInline[Attempt, Delivery]):
    model = Attempt
    extra = 0
    can_delete = False
    fields = ("at", "status_code", "latency_ms", "error", "response")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin[Delivery]):
    list_display = ("event_type", "article_id", "endpoint", "status", "attempts",
                    "created_at", "delivered_at", "last_error")
    list_filter = ("status", "event_type", "endpoint")
    readonly_fields = ("endpoint", "event_type", "article_id", "message_id", "body", "status",
                       "attempts", "created_at", "next_attempt_at", "delivered_at",
                       "last_error")
    inlines = [AttemptInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a delivery comes from a publication event
