"""One definition of public, and every query readers' pages make, on the Article QuerySet.

``published()`` is the only way a page, feed, sitemap, search or the API may see an
article; the rest chain on it: ``Article.objects.published().for_lists()``,
``Article.objects.published().search(q)``, ``Article.objects.neighbours(article)``.

This module does not import the model module (the model imports it for its manager), and
the ranking it calls (``search``) imports neither: the query modules form no circle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar, cast

from django.db import models
from django.db.models import Q
from django.utils import timezone

from newsdesk.articles import search as ranking
from newsdesk.reader.sanitize import SafeHTML

_TEASERS = "teasers"

# The QuerySet is generic in the model it serves (Article), so that this module needs no
# import of the model module, not even for types: the model module imports it.
_A = TypeVar("_A", bound=models.Model)


class Dated(Protocol):
    """What the queries need to know of an article to place it: its id and its time."""

    @property
    def pk(self) -> Any: ...

    @property
    def published_at(self) -> datetime | None: ...


@dataclass(frozen=True)
class Hit(Generic[_A]):
    article: _A
    headline: SafeHTML  # the headline, escaped, matches in <mark>
    highlight: SafeHTML  # a passage of the body, escaped, matches in <mark>


@dataclass(frozen=True)
class Results(Generic[_A]):
    query: str
    hits: list[Hit[_A]]
    more: str | None  # cursor of the next page, or None


class ArticleQuerySet(models.QuerySet[_A]):
    def released(self) -> ArticleQuerySet[_A]:
        """Let out by the workflow, due or not: what pages show now (``published()``) and
        what they will show at its time without anyone saving it again (``scheduled()``)."""
        return self.filter(status="published")

    def published(self) -> ArticleQuerySet[_A]:
        """Released and already due; the only way a page may see an article."""
        return self.released().filter(published_at__lte=timezone.now())

    def scheduled(self) -> ArticleQuerySet[_A]:
        """Released with a time still to come (an embargo): public later, with no save."""
        return self.released().filter(published_at__gt=timezone.now())

    def newest_first(self) -> ArticleQuerySet[_A]:
        return self.order_by("-published_at", "-id")

    def for_lists(self) -> ArticleQuerySet[_A]:
        """What a list of teasers needs, in a fixed number of queries whatever its length:
        the section and source joined, the short summary prefetched as ``teasers``.
        Applying it twice is harmless."""
        lookups: tuple[Any, ...] = getattr(self, "_prefetch_related_lookups", ())
        if any(isinstance(lookup, models.Prefetch) and lookup.to_attr == _TEASERS
               for lookup in lookups):
            return self
        summary: Any = self.model._meta.get_field("summaries").related_model
        teasers = models.Prefetch("summaries", queryset=summary.objects.filter(length="short"),
                                  to_attr=_TEASERS)
        return self.select_related("source_item__source", "section").prefetch_related(teasers)

    def search(self, query: str, *, size: int, after: str = "") -> Results[_A]:
        """Ranked, highlighted full-text search over ``published()`` and nothing else (of
        this QuerySet: a section's articles search within the section). ``after`` is the
        ``more`` cursor of the page before; a cursor this site did not make raises
        ``BadCursor``."""
        query = ranking.clean_query(query)
        position = ranking.parse_cursor(after)
        if not ranking.has_words(query):
            return Results(query=query, hits=[], more=None)
        scope = self.published()
        rows = ranking.rank(scope, query, size=size, position=position)
        shown = rows[:size]
        found = {a.pk: a for a in scope.filter(id__in=[r.pk for r in shown]).for_lists()}
        hits = [Hit(found[r.pk], ranking.highlight_html(r.headline or _headline(found[r.pk])),
                    ranking.highlight_html(r.passage))
                for r in shown if r.pk in found]
        more = ranking.make_cursor(shown[-1]) if len(rows) > size else None
        return Results(query=query, hits=hits, more=more)

    def neighbours(self, article: Dated) -> tuple[_A | None, _A | None]:
        """(previous, next) published articles on the total order (published_at, id).

        Ties on published_at resolve by id, so the chain is the same on every request and
        every article appears in it exactly once.
        """
        if article.published_at is None:
            return None, None
        when, pk = article.published_at, article.pk
        base = self.published().only("slug", "headline", "published_at")
        before: Any = Q(published_at__lt=when) | Q(published_at=when, id__lt=pk)
        after: Any = Q(published_at__gt=when) | Q(published_at=when, id__gt=pk)
        previous = base.filter(before).order_by("-published_at", "-id").first()
        following = base.filter(after).order_by("published_at", "id").first()
        return previous, following

    def related(self, article: Any, *, limit: int = 4) -> list[_A]:
        """Other published articles sharing a tag with ``article``, newest first; none
        when it has no tags. A story has one article (it cites every outlet that reported
        the event), so there are no same-story articles to offer."""
        tag_ids = [tag.pk for tag in article.tags.all()]
        if not tag_ids:
            return []
        others = self.published().exclude(pk=article.pk).newest_first()
        return list(others.filter(tags__in=tag_ids).distinct()
                    .only("slug", "headline", "published_at")[:limit])


def _headline(article: models.Model) -> str:
    """The plain headline, for a match the database returned without a marked one."""
    return str(cast(Any, article).headline)
