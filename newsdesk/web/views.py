"""Public pages. Each reads through ``Article.objects.published()`` and nothing else."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from newsdesk.articles.models import Article, Summary
from newsdesk.articles.serializers import article_dict


def _published_with_parts() -> QuerySet[Article]:
    return Article.objects.published().prefetch_related("attributions", "summaries")


def index(request: HttpRequest) -> HttpResponse:
    teasers = Prefetch("summaries", queryset=Summary.objects.filter(length="short"),
                       to_attr="teasers")
    articles = (
        Article.objects.published()
        .newest_first()
        .select_related("source_item__source")
        .prefetch_related(teasers)
    )
    page = Paginator(articles, settings.NEWSDESK_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/index.html", {"page": page})


def article(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(_published_with_parts(), slug=slug)
    return render(request, "web/article.html", {"a": article_dict(found)})


def article_json(request: HttpRequest, slug: str) -> JsonResponse:
    """The same dict the page renders, as JSON."""
    found = get_object_or_404(_published_with_parts(), slug=slug)
    data = article_dict(found)
    data["body_html"] = str(data["body_html"])
    return JsonResponse(data)  # DjangoJSONEncoder writes datetimes as ISO 8601
