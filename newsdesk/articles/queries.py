"""One definition of public: every page, feed and API reads through ``published()``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q
from django.utils import timezone

if TYPE_CHECKING:
    from newsdesk.articles.models import Article


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
