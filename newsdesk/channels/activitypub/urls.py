"""The channel's addresses: the well-known discovery paths at the site's root, the rest
under /ap/ (actors by name, the shared inbox)."""

from django.urls import path

from newsdesk.channels.activitypub import discovery, views

app_name = "activitypub"

urlpatterns = [
    path(".well-known/webfinger", discovery.webfinger, name="webfinger"),
    path(".well-known/host-meta", discovery.host_meta, name="host-meta"),
    path(".well-known/nodeinfo", discovery.nodeinfo_links, name="nodeinfo-links"),
    path("nodeinfo/<str:version>", discovery.nodeinfo, name="nodeinfo"),
    path("ap/inbox", views.shared_inbox, name="shared-inbox"),
    path("ap/actors/<slug:name>", views.actor, name="actor"),
    path("ap/actors/<slug:name>/inbox", views.actor_inbox, name="inbox"),
    path("ap/actors/<slug:name>/outbox", views.outbox, name="outbox"),
    path("ap/actors/<slug:name>/followers", views.followers, name="followers"),
    path("ap/actors/<slug:name>/articles/<int:article_id>", views.article, name="article"),
]
