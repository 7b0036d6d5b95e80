"""The stored pages follow the publication event (``articles.events``): each event names
where the article shows now and where it showed before, and every stored page of either
is rendered again — or removed, when Django would no longer answer it with a 200.

The event comes after its transaction commits, so a page is rendered from committed rows
and a rolled-back change never reaches the store. What is public is for the pages to say
(they read through ``published()``); this module only knows which pages to ask.
"""

from __future__ import annotations

from typing import Any

from newsdesk.articles.events import (
    Placement,
    article_published,
    article_updated,
    article_withdrawn,
)
from newsdesk.prerender.refresh import enabled, pages_showing, refresh


def _refresh(*placements: Placement) -> None:
    if enabled():
        refresh([path for placement in placements for path in pages_showing(placement)])


def _published(sender: Any, *, placement: Placement, **kwargs: Any) -> None:
    _refresh(placement)


def _updated(sender: Any, *, placement: Placement, before: Placement, **kwargs: Any) -> None:
    # The pages it was on (an old address, an old section, old neighbours) and those it is on.
    _refresh(before, placement)


def _withdrawn(sender: Any, *, before: Placement, **kwargs: Any) -> None:
    _refresh(before)


def connect() -> None:
    article_published.connect(_published, dispatch_uid="prerender-published")
    article_updated.connect(_updated, dispatch_uid="prerender-updated")
    article_withdrawn.connect(_withdrawn, dispatch_uid="prerender-withdrawn")
