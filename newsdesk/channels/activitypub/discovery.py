"""How a fediverse server finds the site: WebFinger, host-meta and NodeInfo.

A Mastodon user types ``@news@site.example``; their server asks
``/.well-known/webfinger?resource=acct:news@site.example`` (older ones first read
``/.well-known/host-meta`` for the WebFinger address), follows the ``self`` link to the
actor, then checks the account back by WebFinger. NodeInfo tells crawlers and
instance lists what software this is.
"""

from __future__ import annotations

from typing import Any, Final
from xml.sax.saxutils import quoteattr

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from newsdesk import __version__
from newsdesk.articles.models import Article
from newsdesk.channels.activitypub import actors

AP_TYPE: Final = "application/activity+json"
NODEINFO_VERSIONS: Final = ("2.1", "2.0")


def _json(data: dict[str, Any], content_type: str) -> JsonResponse:
    response = JsonResponse(data, content_type=content_type,
                            json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"  # RFC 7033: browsers may ask too
    return response


def _actor_for(resource: str) -> actors.Actor | None:
    """The actor a WebFinger resource names: ``acct:name@host`` (also without the port,
    the way some servers write a host) or the actor's own id."""
    if resource.startswith("acct:"):
        name, sep, domain = resource[5:].rpartition("@")
        host = actors.host()
        if not sep or domain.lower() not in {host, host.rsplit(":", 1)[0]}:
            return None
        return actors.named(name)
    return actors.by_id(resource)


@require_GET
def webfinger(request: HttpRequest) -> HttpResponse:
    if not actors.enabled():
        raise Http404
    resource = request.GET.get("resource", "")
    if not resource:
        return JsonResponse({"error": "the resource parameter is required"}, status=400)
    actor = _actor_for(resource)
    if actor is None:
        raise Http404("no such account here")
    return _json({
        "subject": actors.acct(actor),
        "aliases": [actor.id, actors.absolute(actor.page)],
        "links": [
            {"rel": "self", "type": AP_TYPE, "href": actor.id},
            {"rel": "http://webfinger.net/rel/profile-page", "type": "text/html",
             "href": actors.absolute(actor.page)},
        ],
    }, "application/jrd+json")


@require_GET
def host_meta(request: HttpRequest) -> HttpResponse:
    if not actors.enabled():
        raise Http404
    template = actors.absolute(reverse("activitypub:webfinger")) + "?resource={uri}"
    body = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">\n'
            f'  <Link rel="lrdd" type="application/jrd+json" template={quoteattr(template)}/>\n'
            "</XRD>\n")
    response = HttpResponse(body, content_type="application/xrd+xml; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def nodeinfo_links(request: HttpRequest) -> HttpResponse:
    if not actors.enabled():
        raise Http404
    return _json({"links": [
        {"rel": f"http://nodeinfo.diaspora.software/ns/schema/{version}",
         "href": actors.absolute(reverse("activitypub:nodeinfo", args=[version]))}
        for version in NODEINFO_VERSIONS
    ]}, "application/json")


@require_GET
def nodeinfo(request: HttpRequest, version: str) -> HttpResponse:
    if not actors.enabled() or version not in NODEINFO_VERSIONS:
        raise Http404
    software: dict[str, str] = {"name": "newsdesk", "version": __version__}
    if version == "2.1":
        software["homepage"] = actors.absolute("/")
    accounts = len(actors.all_actors())
    document = {
        "version": version,
        "software": software,
        "protocols": ["activitypub"],
        "services": {"inbound": [], "outbound": ["atom1.0", "rss2.0"]},
        "openRegistrations": False,
        "usage": {
            "users": {"total": accounts, "activeMonth": accounts, "activeHalfyear": accounts},
            "localPosts": Article.objects.published().count(),
        },
        "metadata": {"nodeName": actors.site_actor().title},
    }
    profile = f"http://nodeinfo.diaspora.software/ns/schema/{version}#"
    return _json(document, f'application/json; profile="{profile}"')
