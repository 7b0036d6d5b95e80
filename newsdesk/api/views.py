"""The JSON API: list (keyset), detail, search and sources — built on the same dicts the
HTML pages render, so the two cannot disagree."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse

from newsdesk import conf
from newsdesk.api.schema import openapi_schema
from newsdesk.articles.keyset import BadCursor, keyset_page
from newsdesk.articles.models import Article, Section, Tag
from newsdesk.articles.render import is_web_url
from newsdesk.articles.serializers import article_payload, teaser_dict
from newsdesk.intake.models import Source
from newsdesk.web.caching import cached_view

MAX_LIMIT = 100


class BadRequest(ValueError):
    pass


def error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _limit(request: HttpRequest) -> int:
    raw = request.GET.get("limit", "")
    if not raw:
        return int(conf.options().site.page_size)
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        raise BadRequest(f"limit must be a whole number from 1 to {MAX_LIMIT}")
    return int(raw)


def _json_api(view: Any) -> Any:
    """Bad input answers 400 and a missing object 404, always as JSON with an ``error``."""

    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            refused = error(405, "read-only API: use GET")
            refused["Allow"] = "GET, HEAD"
            return refused
        try:
            response: HttpResponse = view(request, *args, **kwargs)
        except (BadRequest, BadCursor) as exc:
            return error(400, str(exc))
        except Http404 as exc:
            return error(404, str(exc) or "not found")
        return response

    # Read-only: any other method gets a JSON 405 from the wrapper, never the CSRF 403 page.
    wrapper.csrf_exempt = True  # type: ignore[attr-defined]
    wrapper.__name__ = view.__name__
    wrapper.__qualname__ = view.__qualname__
    wrapper.__module__ = view.__module__
    return wrapper


@cached_view()
@_json_api
def article_list(request: HttpRequest) -> JsonResponse:
    scope = Article.objects.published()
    if section := request.GET.get("section", ""):
        scope = scope.filter(section__in=Section.objects.filter(slug=section))
    if tag := request.GET.get("tag", ""):
        scope = scope.filter(tags__in=Tag.objects.filter(slug=tag))
    page = keyset_page(scope.for_lists(), size=_limit(request),
                       before=request.GET.get("before", ""), after=request.GET.get("after", ""))
    return JsonResponse({"items": [teaser_dict(a) for a in page.items],
                         "older": page.older, "newer": page.newer})


@cached_view()
@_json_api
def article_detail(request: HttpRequest, slug: str) -> JsonResponse:
    from newsdesk.web.pages import load_article

    return JsonResponse(article_payload(load_article(slug)))


@cached_view(max_age=30)
@_json_api
def search(request: HttpRequest) -> JsonResponse:
    query = request.GET.get("q", "")
    results = Article.objects.published().search(query, size=_limit(request),
                                                  after=request.GET.get("after", ""))
    items = [{**teaser_dict(hit.article), "highlight": str(hit.highlight),
              "headline_highlight": str(hit.headline)}
             for hit in results.hits]
    return JsonResponse({"query": results.query, "items": items, "next": results.more})


@cached_view()
@_json_api
def sources(request: HttpRequest) -> JsonResponse:
    """Sources that published articles draw on; local paths are never shown."""
    published = Q(items__articles__in=Article.objects.published())
    rows = (Source.objects.annotate(published=Count("items__articles", filter=published,
                                                    distinct=True))
            .filter(published__gt=0).order_by("name", "id"))
    return JsonResponse({"items": [
        {"id": s.pk, "name": s.name, "outlet": s.outlet, "kind": s.kind,
         "url": s.location if s.kind == Source.Kind.FEED and is_web_url(s.location) else None,
         "published_articles": s.published}
        for s in rows
    ]})


@cached_view(max_age=3600)
@_json_api
def openapi(request: HttpRequest) -> JsonResponse:
    return JsonResponse(openapi_schema(conf.options().site.url))
