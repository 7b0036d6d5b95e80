from django.contrib import admin

from newsdesk.sources.models import Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin[Source]):
    list_display = ["name", "kind", "location", "last_status", "last_checked_at"]
    list_filter = ["kind", "last_status"]
    search_fields = ["name", "location", "outlet"]
    readonly_fields = ["created_at", "last_checked_at", "last_status", "last_error", "etag",
                       "last_modified"]
