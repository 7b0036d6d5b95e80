"""sitemap.xml (every published article, section and tag) and a Google News sitemap
(articles of the last two days, as news crawlers ask)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from newsdesk import conf
from newsdesk.articles.models import Article, Section, Tag
from newsdesk.web.structured import absolute

NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000  # the news sitemap format allows at most 1,000 entries


class _Absolute(Sitemap):  # type: ignore[type-arg]
    """Locations from NEWSDESK_SITE_URL, not from the request's Host header."""

    def get_urls(self, page: int | str = 1, site: Any = None, protocol: str | None = None
                 ) -> list[dict[str, Any]]:
        urls: list[dict[str, Any]] = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            url["location"] = absolute(self.location(url["item"]))
        return urls


class ArticleSitemap(_Absolute):
    changefreq = "daily"
    limit = 10000

    def items(self) -> Any:
        return Article.objects.published().order_by("-published_at", "-id").only(
            "slug", "updated_at", "published_at")

    def location(self, item: Article) -> str:
        return item.get_absolute_url()

    def lastmod(self, item: Article) -> datetime:
        return item.updated_at


class SectionSitemap(_Absolute):
    changefreq = "hourly"

    def items(self) -> Any:
        return Section.objects.filter(articles__in=Article.objects.published()).distinct()

    def location(self, item: Section) -> str:
        return item.get_absolute_url()


class TagSitemap(_Absolute):
    changefreq = "daily"

    def items(self) -> Any:
        return Tag.objects.filter(articles__in=Article.objects.published()).distinct()

    def location(self, item: Tag) -> str:
        return item.get_absolute_url()


SITEMAPS = {"articles": ArticleSitemap, "sections": SectionSitemap, "tags": TagSitemap}


def news_sitemap(request: HttpRequest) -> HttpResponse:
    since = timezone.now() - NEWS_WINDOW
    articles = (Article.objects.published().filter(published_at__gte=since)
                .newest_first().only("slug", "headline", "published_at")[:NEWS_LIMIT])
    body = render_to_string("web/sitemap-news.xml", {
        "entries": [{"loc": absolute(a.get_absolute_url()), "title": a.headline,
                     "published": a.published_at} for a in articles],
        "publication": conf.options().site.name,
    })
    return HttpResponse(body, content_type="application/xml; charset=utf-8")
