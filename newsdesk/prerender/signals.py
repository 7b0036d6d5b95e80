"""Invalidation: any change to an article, its summaries or attributions re-renders the pages
that show it — after the transaction commits, once per transaction."""

from __future__ import annotations

import threading
from typing import Any

from django.db import transaction
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
    instance._prerender_before = pages_showing(old) if old is not None else []


def _after_article_change(sender: Any, instance: Any, **kwargs: Any) -> None:
    if not enabled():
        return
    before: list[str] = getattr(instance, "_prerender_before", [])
    if kwargs.get("signal") is post_delete:
        schedule(before)
    else:
        schedule(before + pages_showing(instance))


def _part_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A summary or an attribution changed: its article's pages show it."""
    if not enabled():
        return
    from newsdesk.articles.models import Article

    article = Article.objects.filter(pk=instance.article_id).first()
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
