"""The actor, its outbox, followers and articles as JSON for servers, and the inboxes.

One URL, two readers: a fediverse server asks with ``Accept: application/activity+json``
(or the ld+json profile) and gets the document; a browser following the same link gets
the site page the actor or article stands for (a redirect to it). Answers vary on
Accept, so no cache hands one reader the other's.
"""

from __future__ import annotations

import json
from typing import Any, Final

from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.cache import patch_vary_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from newsdesk.articles.models import Article
from newsdesk.channels.activitypub import actors, inbox, objects
from newsdesk.channels.activitypub.actors import AS_CONTEXT, Actor
from newsdesk.channels.activitypub.models import Announcement, Follower

AP_TYPE: Final = "application/activity+json"
LD_TYPE: Final = 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"'
OUTBOX_PAGE: Final = 20


def _accepted(accept: str) -> dict[str, float]:
    """Media types of an Accept header with their q-values (parameters other than q kept
    only for ld+json, whose profile matters)."""
    ranges: dict[str, float] = {}
    for part in accept.split(","):
        pieces = [p.strip() for p in part.split(";")]
        media, q = pieces[0].lower(), 1.0
        params = []
        for param in pieces[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
            else:
                params.append(param)
        if media:
            ranges[media] = max(q, ranges.get(media, 0.0))
    return ranges


def wants_activity_json(request: HttpRequest) -> str | None:
    """The ActivityPub media type to answer with, or None for the HTML page: one a
    server named explicitly and ranks at least as high as HTML."""
    ranges = _accepted(request.headers.get("Accept", ""))
    html = ranges.get("text/html", ranges.get("*/*", 0.0))
    for media, answer in (("application/activity+json", AP_TYPE),
                          ("application/ld+json", LD_TYPE)):
        q = ranges.get(media, 0.0)
        if q > 0 and q >= html:
            return answer
    return None


def _document(data: dict[str, Any], content_type: str, status: int = 200) -> HttpResponse:
    response = HttpResponse(json.dumps(data, ensure_ascii=False), status=status,
                            content_type=content_type)
    patch_vary_headers(response, ["Accept"])
    return response


def _page(location: str) -> HttpResponse:
    response = HttpResponseRedirect(actors.absolute(location))
    patch_vary_headers(response, ["Accept"])
    return response


def _actor(name: str) -> Actor:
    actor = actors.named(name)
    if actor is None:
        raise Http404("no such actor")
    return actor


@require_GET
def actor(request: HttpRequest, name: str) -> HttpResponse:
    found = _actor(name)
    answer = wants_activity_json(request)
    if answer is None:
        return _page(found.page)
    return _document(actors.document(found), answer)


def _carried(found: Actor) -> Any:
    articles = Article.objects.published()
    if found.section_id is not None:
        articles = articles.filter(section_id=found.section_id)
    return articles.order_by("-published_at", "-id")


@require_GET
def outbox(request: HttpRequest, name: str) -> HttpResponse:
    found = _actor(name)
    answer = wants_activity_json(request) or AP_TYPE
    paginator = Paginator(_carried(found), OUTBOX_PAGE)
    raw_page = request.GET.get("page")
    if raw_page is None:
        collection: dict[str, Any] = {
            "@context": AS_CONTEXT, "id": found.outbox, "type": "OrderedCollection",
            "totalItems": paginator.count, "first": f"{found.outbox}?page=1",
        }
        if paginator.count:
            collection["last"] = f"{found.outbox}?page={paginator.num_pages}"
        return _document(collection, answer)
    try:
        number = int(raw_page)
        page = paginator.page(number)
    except (ValueError, EmptyPage):
        raise Http404("no such page") from None
    items = [objects.create(found, article, article.published_at or article.updated_at)
             for article in page.object_list]
    return _document(_outbox_page(found, number, items,
                                  page.next_page_number() if page.has_next() else None,
                                  page.previous_page_number() if page.has_previous() else None),
                     answer)


def _outbox_page(found: Actor, number: int, items: list[dict[str, Any]], following: int | None,
                 previous: int | None = None) -> dict[str, Any]:
    page: dict[str, Any] = {
        "@context": AS_CONTEXT, "id": f"{found.outbox}?page={number}",
        "type": "OrderedCollectionPage", "partOf": found.outbox, "orderedItems": items,
    }
    if following is not None:
        page["next"] = f"{found.outbox}?page={following}"
    if previous is not None:
        page["prev"] = f"{found.outbox}?page={previous}"
    return page


@require_GET
def followers(request: HttpRequest, name: str) -> HttpResponse:
    """How many, not who: the list of a site's readers is theirs, not the public's."""
    found = _actor(name)
    return _document({"@context": AS_CONTEXT, "id": found.followers, "type": "OrderedCollection",
                      "totalItems": Follower.objects.filter(actor=found.name).count()},
                     wants_activity_json(request) or AP_TYPE)


@require_GET
def article(request: HttpRequest, name: str, article_id: int) -> HttpResponse:
    found = _actor(name)
    live = _carried(found).filter(pk=article_id).first()
    answer = wants_activity_json(request)
    if live is not None:
        if answer is None:
            return _page(live.get_absolute_url())
        return _document({"@context": AS_CONTEXT, **objects.article_object(found, live)}, answer)
    if Announcement.objects.filter(actor=found.name, article_id=article_id).exists():
        # Said once, taken back since: gone for good, as its Delete told the followers.
        return _document({"@context": AS_CONTEXT, **objects.tombstone(found, article_id)},
                         answer or AP_TYPE, status=410)
    raise Http404("no such article")


@csrf_exempt
@require_POST
def actor_inbox(request: HttpRequest, name: str) -> HttpResponse:
    return inbox.receive(request, _actor(name))


@csrf_exempt
@require_POST
def shared_inbox(request: HttpRequest) -> HttpResponse:
    if not actors.enabled():
        raise Http404
    return inbox.receive(request, None)
