"""One definition of public: every page, feed and API reads through ``published()``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q
from django.utils import timezone

if TYPE_CHECKING:
    from newsdesk.articles.models import Article
    from newsdesk.articles.search import Results


class ArticleQuerySet(models.QuerySet["Article"]):
    def published(self) -> ArticleQuerySet:
        """Published and already due; the only way a page may see an article."""
        return self.filter(status="published", published_at__lte=timezone.now())

    def newest_first(self) -> ArticleQuerySet:
        return self.order_by("-published_at", "-id")


def neighbours(article: Article) -> tuple[Article | None, Article | None]:
    """(previous, next) published articles on the total order (published_at, id).

    Ties on published_at resolve by id, so the chain is the same on every request and
    every article appears in it exactly once.
    """
    from newsdesk.articles.models import Article

    if article.published_at is None:
        return None, None
    when, pk = article.published_at, article.pk
    base = Article.objects.published().only("slug", "headline", "published_at")
    before: Any = Q(published_at__lt=when) | Q(published_at=when, id__lt=pk)
    after: Any = Q(published_at__gt=when) | Q(published_at=when, id__gt=pk)
    previous = base.filter(before).order_by("-published_at", "-id").first()
    following = base.filter(after).order_by("published_at", "id").first()
    return previous, following


def search(query: str, *, size: int, after: str = "") -> Results:
    """Ranked, highlighted full-text search over ``published()`` and nothing else."""
    from newsdesk.articles.models import Article
    from newsdesk.articles.search import search as run_search

    return run_search(Article.objects.published(), query, size=size, after=after)


def related(article: Article, *, limit: int = 4) -> list[Article]:
    """Other published articles of the same story when stories exist, else those sharing a
    tag, newest first. Written to degrade: without a ``story`` relation it uses tags, and
    without tags it returns nothing."""
    from newsdesk.articles.models import Article

    others = Article.objects.published().exclude(pk=article.pk).newest_first()
    story_id = getattr(article, "story_id", None)
    if story_id is not None:
        same_story: dict[str, Any] = {"story_id": story_id}  # a relation another app may add
        return list(others.filter(**same_story).only("slug", "headline", "published_at")
                    [:limit])
    tag_ids = [tag.pk for tag in article.tags.all()]
    if not tag_ids:
        return []
    return list(others.filter(tags__in=tag_ids).distinct()
                .only("slug", "headline", "published_at")[:limit])


def for_lists(base: ArticleQuerySet) -> ArticleQuerySet:
    """What a list of teasers needs, in a fixed number of queries whatever its length:
    the section and source joined, the short summary prefetched as ``teasers``."""
    from newsdesk.articles.models import Summary

    teasers = models.Prefetch("summaries", queryset=Summary.objects.filter(length="short"),
                              to_attr="teasers")
    return base.select_related("source_item__source", "section").prefetch_related(teasers)
