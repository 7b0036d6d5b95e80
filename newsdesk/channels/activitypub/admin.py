"""Admin pages: followers (an admin may remove one), and the activities sent with each
delivery's outcome. Keys are not shown at all: the private half never leaves the server.

Followers' addresses are other people's accounts: the editor and reviewer roles get no
permission on these models (``ops.roles`` grants by model), so only the admin role sees
them.
"""

from __future__ import annotations

from django.contrib import admin

from newsdesk.channels.activitypub.models import Activity, Delivery, Follower


@admin.register(Follower)
class FollowerAdmin(admin.ModelAdmin[Follower]):
    list_display = ("uri", "actor", "delivery_inbox", "created_at")
    list_filter = ("actor",)
    search_fields = ("uri",)
    readonly_fields = ("actor", "uri", "inbox", "shared_inbox", "follow_id", "created_at")

    def has_add_permission(self, request: object) -> bool:
        return False  # a follower comes in only by a signed Follow


class DeliveryInline(admin.TabularInline[Delivery, Activity]):
    model = Delivery
    extra = 0
    can_delete = False
    fields = ("inbox", "status", "attempts", "last_status", "sent_at", "next_attempt_at",
              "last_error")
    readonly_fields = fields

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin[Activity]):
    list_display = ("kind", "uri", "actor", "created_at")
    list_filter = ("kind", "actor")
    readonly_fields = ("actor", "kind", "uri", "article_id", "created_at")
    exclude = ("body",)
    inlines = [DeliveryInline]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
