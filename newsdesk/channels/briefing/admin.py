"""Admin pages: subscribers (an admin can delete any address), editions and their deliveries.

Addresses are personal data: the editor and reviewer roles get no permission on these
models (``ops.roles``), so only the admin role sees them.
"""

from __future__ import annotations

from django.contrib import admin

from newsdesk.channels.briefing.models import Delivery, Edition, Subscriber


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin[Subscriber]):
    list_display = ("email", "status", "all_sections", "created_at", "confirmed_at",
                    "bounced_at")
    list_filter = ("status", "all_sections")
    search_fields = ("address_key",)
    filter_horizontal = ("sections",)
    # The address and its status change only by the subscriber's own confirmation: an admin
    # may narrow the sections or delete the row, never subscribe someone.
    readonly_fields = ("email", "status", "address_key", "mailbox_key", "requested_all",
                       "requested_sections", "confirm_token_hash", "confirm_sent_at",
                       "unsubscribe_nonce", "created_at", "confirmed_at", "bounced_at",
                       "bounce_reason")
    fields = ("all_sections", "sections", *readonly_fields)

    def has_add_permission(self, request: object) -> bool:
        return False  # an address comes in only by double opt-in


class DeliveryInline(admin.TabularInline[Delivery, Edition]):
    model = Delivery
    extra = 0
    can_delete = False
    fields = ("subscriber", "status", "attempts", "sent_at", "next_attempt_at", "last_error")
    readonly_fields = fields

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin[Edition]):
    list_display = ("day", "article_count", "claimed_at", "finished_at")
    readonly_fields = ("day", "article_count", "claimed_at", "planned_at", "lease_until",
                       "finished_at")
    inlines = [DeliveryInline]

    def has_add_permission(self, request: object) -> bool:
        return False  # a day is claimed by the scheduler or `newsdesk briefing send`


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin[Delivery]):
    list_display = ("edition", "subscriber", "status", "attempts", "sent_at", "last_error")
    list_filter = ("status", "edition")
    readonly_fields = ("edition", "subscriber", "status", "attempts", "next_attempt_at",
                       "claimed_at", "sent_at", "message_id", "article_count", "last_error")

    def has_add_permission(self, request: object) -> bool:
        return False
