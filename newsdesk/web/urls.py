from collections.abc import Callable
from typing import Any

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from newsdesk.web import feeds, sitemaps, views
from newsdesk.web.caching import cached_view

app_name = "web"


def _feed(view: Callable[..., Any]) -> Callable[..., Any]:
    """A feed: cached per hub list, and its WebSub Link header added to every answer."""
    return feeds.advertise_hubs(cached_view(vary=feeds.hubs_key)(view))


urlpatterns = [
    path("", views.index, name="index"),
    path("articles/<slug:slug>/", views.article, name="article"),
    path("articles/<slug:slug>.json", views.article_json, name="article-json"),
    path("sections/<slug:slug>/", views.section, name="section"),
    path("tags/<slug:slug>/", views.tag, name="tag"),
    path("search/", views.search, name="search"),
    path("feeds/rss.xml", _feed(feeds.SiteRss()), name="feed-rss"),
    path("feeds/atom.xml", _feed(feeds.SiteAtom()), name="feed-atom"),
    path("feeds/sections/<slug:slug>/rss.xml", _feed(feeds.SectionRss()),
         name="section-rss"),
    path("feeds/sections/<slug:slug>/atom.xml", _feed(feeds.SectionAtom()),
         name="section-atom"),
    path("feeds/tags/<slug:slug>/rss.xml", _feed(feeds.TagRss()), name="tag-rss"),
    path("feeds/tags/<slug:slug>/atom.xml", _feed(feeds.TagAtom()), name="tag-atom"),
    path("sitemap.xml", cached_view()(sitemap_views.sitemap), {"sitemaps": sitemaps.SITEMAPS},
         name="sitemap"),
    path("sitemap-news.xml", cached_view()(sitemaps.news_sitemap), name="sitemap-news"),
    path("robots.txt", views.robots, name="robots"),
]
