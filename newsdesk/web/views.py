"""Public pages: thin wrappers that serve the bytes ``web.pages`` renders, with ETag / 304."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse

from newsdesk.articles.serializers import article_payload
from newsdesk.web import pages
from newsdesk.web.caching import cached, cached_view, respond

SEARCH_MAX_AGE = 30


def _cursor_args(request: HttpRequest) -> tuple[str, str]:
    return request.GET.get("before", ""), request.GET.get("after", "")


def index(request: HttpRequest) -> HttpResponseBase:
    before, after = _cursor_args(request)
    return respond(request, cached(f"index:{before}:{after}", lambda: (
        pages.render_index_page(before, after), pages.HTML)))


def section(request: HttpRequest, slug: str) -> HttpResponseBase:
    before, after = _cursor_args(request)
    return respond(request, cached(f"section:{slug}:{before}:{after}", lambda: (
        pages.render_section_page(slug, before, after), pages.HTML)))


def tag(request: HttpRequest, slug: str) -> HttpResponseBase:
    before, after = _cursor_args(request)
    return respond(request, cached(f"tag:{slug}:{before}:{after}", lambda: (
        pages.render_tag_page(slug, before, after), pages.HTML)))


def article(request: HttpRequest, slug: str) -> HttpResponseBase:
    return respond(request, cached(f"article:{slug}", lambda: (
        pages.render_article_page(slug), pages.HTML)))


@cached_view(max_age=SEARCH_MAX_AGE)
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    return HttpResponse(pages.render_search_page(query, request.GET.get("after", "")),
                        content_type=pages.HTML)


@cached_view()
def article_json(request: HttpRequest, slug: str) -> JsonResponse:
    """The same dict the page renders, as JSON (the API's detail answer)."""
    return JsonResponse(article_payload(pages.load_article(slug)))


def robots(request: HttpRequest) -> HttpResponse:
    from newsdesk.web.structured import absolute

    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /search/", "Allow: /",
             f"Sitemap: {absolute('/sitemap.xml')}", f"Sitemap: {absolute('/sitemap-news.xml')}"]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response
