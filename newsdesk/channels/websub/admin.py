"""Admin pages: subscriptions to sources' hubs (state, lease, last error) with the pushes
each received, and the pings newsdesk sent the hubs of its own feeds."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from newsdesk.channels.websub.models import HubPing, Push, Subscription


class PushInline(admin.TabularInline[Push, Subscription]):
    model = Push
    extra = 0
    can_delete = False
    fields = ("received_at", "outcome", "bytes", "detail", "remote_addr")
    readonly_fields = fields
    ordering = ("-received_at",)

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin[Subscription]):
    list_display = ("topic", "hub", "state", "lease_expires_at", "last_push_at", "last_error")
    list_filter = ("state",)
    search_fields = ("topic", "hub")
    readonly_fields = ("source", "hub", "topic", "state", "created_at", "requested_at",
                       "verified_at", "lease_seconds", "lease_expires_at", "failures",
                       "retry_at", "last_error", "last_push_at")
    exclude = ("secret",)
    inlines = [PushInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # made when a source's feed names a hub


@admin.register(Push)
class PushAdmin(admin.ModelAdmin[Push]):
    list_display = ("received_at", "callback_id", "outcome", "bytes", "detail")
    list_filter = ("outcome",)
    exclude = ("body",)
    readonly_fields = ("subscription", "callback_id", "received_at", "remote_addr", "bytes",
                       "outcome", "detail", "content_type", "links")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(HubPing)
class HubPingAdmin(admin.ModelAdmin[HubPing]):
    list_display = ("topic", "hub", "pinged_at", "attempts", "last_status", "last_error")
    readonly_fields = ("hub", "topic", "changed_at", "pinged_at", "attempts", "last_status",
                       "last_error")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
