"""The workflow's side of the publication event (``articles.events``): remember what
readers saw of each article a transaction touches, and once it commits send the event
the change amounts to — published, updated or withdrawn — or none.

Deciding by comparing the article before and after, rather than by which function ran,
keeps one rule for every path (auto-publish, approve, reject, an editor's edit, the
admin form, a deletion, a renamed section): an event is sent exactly when what readers
are shown changed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from newsdesk.articles.events import (
    Placement,
    article_published,
    article_updated,
    article_withdrawn,
)
from newsdesk.articles.models import Article

logger = logging.getLogger(__name__)

_local = threading.local()


@dataclass(frozen=True)
class Seen:
    """A released article as readers are shown it: where, and a digest of what."""

    placement: Placement
    digest: str


def seen(article_id: int) -> Seen | None:
    """What readers are shown of the article now, or None when it is not released."""
    article = (Article.objects.released().select_related("section", "source_item__source")
               .filter(pk=article_id).first())
    if article is None:
        return None
    return Seen(Placement.of(article), _digest(article))


def _digest(article: Article) -> str:
    """Everything of the article a page, a feed or the API shows, hashed: two states with
    the same digest look the same to every reader."""
    section = article.section
    shown = {
        "text": [article.headline, article.body, article.slug, article.published_at],
        "change": [article.change_kind, article.change_note, article.changed_at],
        "made": [article.made_by, article.extractive, article.prompt_version],
        "outlet": article.source_item.label,
        "section": [section.slug, section.name] if section is not None else None,
        "tags": sorted([t.slug, t.name] for t in article.tags.all()),
        "sources": [[a.label, a.url] for a in article.attributions.all()],
        "summaries": sorted([s.length, s.text, s.sentences, s.made_by]
                            for s in article.summaries.all()),
    }
    encoded = json.dumps(shown, default=str, sort_keys=True).encode("utf-8")
    return hashlib.blake2b(encoded, digest_size=16).hexdigest()


@dataclass
class _Pending:
    """The articles one transaction touched, each with what readers saw before it."""

    known: dict[int, Seen | None] = field(default_factory=dict)
    new: list[Article] = field(default_factory=list)  # unsaved when first touched
    flush: Callable[[], None] = lambda: None


def watch(article: Article) -> None:
    """Call inside the transaction, before changing ``article`` (or before saving a new
    one): after commit its readers are told what the transaction made of it. Watching an
    article twice in one transaction keeps what was seen the first time."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("articles change inside transaction.atomic(); watch() there")
    pending = _pending()
    if article.pk is None:
        if not any(candidate is article for candidate in pending.new):
            pending.new.append(article)  # nothing showed it before; its id comes at commit
    elif article.pk not in pending.known and not any(
            candidate.pk == article.pk for candidate in pending.new):
        pending.known[article.pk] = seen(article.pk)


def _pending() -> _Pending:
    """This thread's transaction's record, made (with its on-commit flush) on first use."""
    pending: _Pending | None = getattr(_local, "pending", None)
    registered = transaction.get_connection().run_on_commit
    if pending is not None and any(entry[1] is pending.flush for entry in registered):
        return pending
    # None yet, or its transaction (or the savepoint that registered it) rolled back.
    fresh = _Pending()

    def flush() -> None:
        if getattr(_local, "pending", None) is fresh:
            _local.pending = None
        _announce(fresh)

    fresh.flush = flush
    _local.pending = fresh
    transaction.on_commit(flush, robust=True)
    return fresh


def _announce(pending: _Pending) -> None:
    befores = dict(pending.known)
    for article in pending.new:
        if article.pk is not None:
            befores.setdefault(article.pk, None)
    for article_id, before in befores.items():
        announce(article_id, before, seen(article_id))


def announce(article_id: int, before: Seen | None, after: Seen | None) -> None:
    """Send the one event (or none) that going from ``before`` to ``after`` amounts to."""
    if before is None and after is not None:
        logger.info("article %s published", article_id)
        article_published.send_robust(Article, article_id=article_id,
                                      placement=after.placement)
    elif before is not None and after is not None:
        if before.digest != after.digest:
            logger.info("article %s updated", article_id)
            article_updated.send_robust(Article, article_id=article_id,
                                        placement=after.placement, before=before.placement)
    elif before is not None:
        deleted = not Article.objects.filter(pk=article_id).exists()
        logger.info("article %s withdrawn%s", article_id, " (deleted)" if deleted else "")
        article_withdrawn.send_robust(Article, article_id=article_id,
                                      before=before.placement, deleted=deleted)
