"""Site routes: the public pages and the editors' admin."""

from django.contrib import admin
from django.urls import include, path

from newsdesk.ops.dashboard import dashboard

urlpatterns = [
    path("admin/operations/", admin.site.admin_view(dashboard), name="ops-dashboard"),
    path("admin/", admin.site.urls),
    path("api/", include("newsdesk.api.urls")),
    path("", include("newsdesk.channels.briefing.urls")),
    path("", include("newsdesk.web.urls")),
]
