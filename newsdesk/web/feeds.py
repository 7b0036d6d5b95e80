"""RSS 2.0 and Atom feeds for the site, each section and each tag, from ``published()``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from newsdesk import conf
from newsdesk.articles.models import Article, Section, Summary, Tag
from newsdesk.articles.queries import ArticleQuerySet
from newsdesk.text.markers import strip_markers
from newsdesk.web.structured import absolute

FEED_LENGTH = 30


class _ArticleFeed(Feed):  # type: ignore[type-arg]
    """Newest published articles; subclasses narrow the query and name the feed."""

    feed_type: type[Rss201rev2Feed] | type[Atom1Feed] = Rss201rev2Feed
    path = "/"

    def scope(self, obj: Any) -> ArticleQuerySet[Article]:
        return Article.objects.published()

    def title(self, obj: Any = None) -> str:
        return str(conf.options().site.name)

    def description(self, obj: Any = None) -> str:
        return f"Latest news from {conf.options().site.name}"

    subtitle = description

    def link(self, obj: Any = None) -> str:
        return absolute(self.path_for(obj))

    def path_for(self, obj: Any) -> str:
        return "/" if obj is None else str(obj.get_absolute_url())

    def feed_url(self, obj: Any = None) -> str:
        return absolute(self.request_path)

    def get_feed(self, obj: Any, request: HttpRequest) -> Any:
        self.request_path = request.path
        return super().get_feed(obj, request)

    def items(self, obj: Any = None) -> list[Article]:
        teasers = Prefetch("summaries", queryset=Summary.objects.filter(length="standard"),
                           to_attr="teasers")
        return list(self.scope(obj).newest_first().select_related("section")
                    .prefetch_related(teasers, "tags")[:FEED_LENGTH])

    def item_title(self, item: Article) -> str:
        return item.headline

    def item_description(self, item: Article) -> str:
        teasers = getattr(item, "teasers", [])
        if teasers:
            return str(teasers[0].text)
        return strip_markers(item.paragraphs[0]) if item.paragraphs else ""

    def item_link(self, item: Article) -> str:
        return absolute(item.get_absolute_url())

    def item_guid(self, item: Article) -> str:
        return absolute(item.get_absolute_url())

    item_guid_is_permalink = True

    def item_pubdate(self, item: Article) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Article) -> datetime:
        return item.updated_at

    def item_categories(self, item: Article) -> list[str]:
        names = [item.section.name] if item.section else []
        return names + [tag.name for tag in item.tags.all()]

    def item_author_name(self, item: Article) -> str:
        return str(conf.options().site.name)


class SiteRss(_ArticleFeed):
    pass


class SiteAtom(_ArticleFeed):
    feed_type = Atom1Feed


class SectionRss(_ArticleFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Section:
        found = Section.objects.filter(slug=slug).first()
        if found is None:
            raise Http404(f"no section {slug!r}")
        return found

    def scope(self, obj: Any) -> ArticleQuerySet[Article]:
        return Article.objects.published().filter(section=obj)

    def title(self, obj: Any = None) -> str:
        return f"{obj.name} · {conf.options().site.name}"

    def description(self, obj: Any = None) -> str:
        return str(obj.description or f"{obj.name} news from {conf.options().site.name}")

    subtitle = description


class SectionAtom(SectionRss):
    feed_type = Atom1Feed


class TagRss(_ArticleFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Tag:
        found = Tag.objects.filter(slug=slug).first()
        if found is None:
            raise Http404(f"no tag {slug!r}")
        return found

    def scope(self, obj: Any) -> ArticleQuerySet[Article]:
        return Article.objects.published().filter(tags=obj)

    def title(self, obj: Any = None) -> str:
        return f"Tagged {obj.name} · {conf.options().site.name}"

    def description(self, obj: Any = None) -> str:
        return f"Articles tagged {obj.name} on {conf.options().site.name}"

    subtitle = description


class TagAtom(TagRss):
    feed_type = Atom1Feed
