"""Site routes: the public pages and the editors' admin."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("newsdesk.api.urls")),
    path("", include("newsdesk.web.urls")),
]
