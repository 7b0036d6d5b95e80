"""The publication event: the one moment everything readers get learns that an article
went public, changed, or was taken down.

The editorial workflow (``articles.workflow``, and the admin and review actions, which go
through it) is the only sender. Everything that reacts subscribes here — the
pre-rendered pages (``prerender``), the page cache (``web``), the SQLite search index
(``articles.apps``) and every publishing channel (``channels/``) — and none of them
decides for itself what is public: that is ``Article.objects.published()``.

When they fire
    After the transaction that made the change commits (``transaction.on_commit``), once
    per article per transaction, in the order the workflow touched the articles. A
    transaction that rolls back sends nothing. Each receiver runs through
    ``send_robust``: one that raises is logged and the others still run; the change is
    committed whatever a receiver does.

What "released" means here
    An article is released when the workflow has published it: ``published()`` shows it
    now, or ``scheduled()`` will at its ``published_at`` (an embargo) — at that moment no
    event fires, because nothing is saved. A receiver that must not speak early (an email,
    a fediverse post) compares ``placement.published_at`` with the clock and waits.

The three signals (``sender`` is the Article class; keyword arguments only)
    ``article_published(article_id, placement)``
        It was not released before the transaction and is now: a new article
        auto-published or approved, or a rejected one approved after all.
    ``article_updated(article_id, placement, before)``
        It was released before and still is, and something a reader sees of it changed:
        headline, body, summaries, sources, the update / correction marker, its address
        (slug), time, section or tags. A waiting rewrite or an edit the guard held back
        changes nothing readers see and sends nothing.
    ``article_withdrawn(article_id, before, deleted)``
        It was released before and is not now: rejected, unpublished or deleted
        (``deleted`` is True when the row is gone, so ``article_id`` loads nothing).

``placement`` is where the article shows after the change and ``before`` where it showed
before it (see ``Placement``): a slug change or a move between sections leaves pages at
the old address that only ``before`` can name. Receivers load anything else they need by
``article_id`` through ``Article.objects.published()``.

A new channel is one module under ``newsdesk/channels/`` connecting its receivers here
in its AppConfig's ``ready()``, with a ``dispatch_uid``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.dispatch import Signal

if TYPE_CHECKING:
    from newsdesk.articles.models import Article

article_published = Signal()
article_updated = Signal()
article_withdrawn = Signal()

SIGNALS = (article_published, article_updated, article_withdrawn)


@dataclass(frozen=True)
class Placement:
    """Where a released article shows: its own address, the lists it is on, and the
    articles whose pages link to it as Previous / Next."""

    slug: str
    url: str  # its page, site-relative
    published_at: datetime  # may be in the future: an embargo
    section: str | None  # the section's slug
    tags: tuple[str, ...]  # the tags' slugs
    neighbours: tuple[str, ...]  # slugs of the published articles before and after it

    @classmethod
    def of(cls, article: Article) -> Placement:
        """The placement of a released ``article`` as the database has it now."""
        assert article.published_at is not None, "a released article has a time"
        section = article.section
        neighbours = type(article).objects.neighbours(article)
        return cls(
            slug=article.slug,
            url=article.get_absolute_url(),
            published_at=article.published_at,
            section=section.slug if section is not None else None,
            tags=tuple(sorted(tag.slug for tag in article.tags.all())),
            neighbours=tuple(n.slug for n in neighbours if n is not None),
        )
