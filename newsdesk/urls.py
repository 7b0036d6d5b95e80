"""Site routes: the public pages and the editors' admin."""

from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from newsdesk.ops.dashboard import dashboard

# Sources, fetch attempts and source items moved to the intake app; an operator's old
# bookmark (/admin/sources/source/?health=failing) still lands on the same page.
_MOVED_ADMIN = [
    re_path(r"^admin/sources/(?P<rest>(?:source|fetchattempt)/.*)$",
            RedirectView.as_view(url="/admin/intake/%(rest)s", query_string=True,
                                 permanent=True)),
    re_path(r"^admin/articles/(?P<rest>(?:sourceitem|story|storyband)/.*)$",
            RedirectView.as_view(url="/admin/intake/%(rest)s", query_string=True,
                                 permanent=True)),
]

urlpatterns = [
    *_MOVED_ADMIN,
    path("admin/operations/", admin.site.admin_view(dashboard), name="ops-dashboard"),
    path("admin/", admin.site.urls),
    path("api/", include("newsdesk.api.urls")),
    path("", include("newsdesk.channels.briefing.urls")),
    path("", include("newsdesk.channels.activitypub.urls")),
    path("", include("newsdesk.web.urls")),
]
