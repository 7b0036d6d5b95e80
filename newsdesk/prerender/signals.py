"""Invalidation: any change to an article, its summaries or attributions re-renders the pages
that show it — after the transaction commits, once per transaction."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from newsdesk.prerender.refresh import enabled, pages_showing, refresh

_pending = threading.local()


def schedule(paths: list[str]) -> None:
    """Refresh ``paths`` when the current transaction commits (now, outside one)."""
    queue: dict[str, None] | None = getattr(_pending, "paths", None)
    waiting_flush = getattr(_pending, "flush", None)
    registered = transaction.get_connection().run_on_commit
    if queue is not None and not any(entry[1] is waiting_flush for entry in registered):
        queue = None  # that transaction rolled back: its flush will never run
    if queue is not None:
        queue.update(dict.fromkeys(paths))
        return
    queue = _pending.paths = dict.fromkeys(paths)

    def flush() -> None:
        waiting = list(_pending.paths or {})
        _pending.paths = None
        refresh(waiting)

    _pending.flush = flush
    transaction.on_commit(flush, robust=True)


def _before_article_change(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Remember the pages that showed the article as it was (old slug, old neighbours)."""
    if not enabled() or instance.pk is None:
        return
    old = type(instance).objects.filter(pk=instance.pk).first()
    was_public = old is not None and old.status == "published"
    instance._prerender_before = pages_showing(old) if was_public else []


def _after_article_change(sender: Any, instance: Any, **kwargs: Any) -> None:
    if not enabled():
        return
    before: list[str] = getattr(instance, "_prerender_before", [])
    if kwargs.get("signal") is post_delete or instance.status != "published":
        if before:  # it was public: take it down and fix the pages that showed it
            schedule(before)
        return  # drafts and the review queue show on no public page
    schedule(before + pages_showing(instance))


def _part_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A summary or an attribution changed: its article's pages show it."""
    if not enabled():
        return
    from newsdesk.articles.models import Article

    article = Article.objects.filter(pk=instance.article_id, status="published").first()
    if article is not None:
        schedule(pages_showing(article))


def connect() -> None:
    from newsdesk.articles.models import Article, Attribution, Summary

    pre_save.connect(_before_article_change, sender=Article, dispatch_uid="prerender-pre")
    pre_delete.connect(_before_article_change, sender=Article, dispatch_uid="prerender-pre-d")
    post_save.connect(_after_article_change, sender=Article, dispatch_uid="prerender-post")
    post_delete.connect(_after_article_change, sender=Article, dispatch_uid="prerender-post-d")
    for model in (Summary, Attribution):
        post_save.connect(_part_changed, sender=model, dispatch_uid=f"prerender-{model.__name__}")
        post_delete.connect(_part_changed, sender=model,
                            dispatch_uid=f"prerender-{model.__name__}-d")


@contextmanager
def pages_follow(queryset: QuerySet[Any]) -> Iterator[None]:
    """For ``queryset.update(...)``, which sends no signals: the pages that showed the
    articles before and those that show them after are refreshed when the block commits."""
    if not enabled():
        yield
        return
    pks = list(queryset.values_list("pk", flat=True))
    model = queryset.model
    before = [path for article in model.objects.filter(pk__in=pks, status="published")
              for path in pages_showing(article)]
    yield
    after = [path for article in model.objects.filter(pk__in=pks, status="published")
             for path in pages_showing(article)]
    if before or after:
        schedule(before + after)
