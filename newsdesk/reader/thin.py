"""Feed entries that carry only a teaser get their article page fetched and extracted.

Many feeds send a sentence or two and a link. A rewrite checked against two sentences
has nothing to be faithful to, so before storage such an entry's page is fetched
(robots.txt honoured) and its main text becomes the item's text. A page that cannot
be fetched or read leaves the entry as it was, with the reason returned for the log.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Final

from newsdesk.reader.extract import ExtractedPage, extract_page
from newsdesk.reader.fetch import FetchError, FetchResult
from newsdesk.reader.fetch_options import FetchOptions
from newsdesk.reader.items import RawItem
from newsdesk.reader.robots import fetch_page

# Below this many words an entry is a teaser, not an article.
THIN_WORDS: Final = 80

PageFetcher = Callable[..., FetchResult]


def is_thin(item: RawItem, *, threshold: int = THIN_WORDS) -> bool:
    """A linked entry whose text is shorter than ``threshold`` words."""
    return bool(item.url) and len(item.text.split()) < threshold


def complete_thin_item(
    item: RawItem,
    options: FetchOptions,
    *,
    threshold: int = THIN_WORDS,
    fetcher: PageFetcher = fetch_page,
    **fetch_kwargs: Any,
) -> tuple[RawItem, str]:
    """The item with its page's main text when it was thin, and "" or why it was kept.

    The page is fetched under ``options`` (and ``fetch_kwargs``), so it obeys the same
    limits and SSRF policy as the feed fetch did.
    """
    if not is_thin(item, threshold=threshold):
        return item, ""
    try:
        result = fetcher(item.url, options, **fetch_kwargs)
    except FetchError as error:
        return item, f"{item.origin}: page not fetched ({error.kind}): {error.detail}"
    if result.not_modified or not result.content:
        return item, f"{item.origin}: page {item.url} was empty"
    try:
        page = extract_page(
            result.content, url=result.final_url, content_type=result.content_type
        )
    except Exception as exc:  # a stranger's HTML must never stop the ingest of a feed
        return item, f"{item.origin}: page {item.url} could not be read: {exc!r}"
    if len(page.text.split()) <= len(item.text.split()):
        return item, f"{item.origin}: page {item.url} had no more text than the feed"
    return _merge(item, page), ""


def _merge(item: RawItem, page: ExtractedPage) -> RawItem:
    """The page's text; the feed's own title, date and outlet win where it had them."""
    return dataclasses.replace(
        item,
        text=page.text,
        title=item.title or page.title,
        outlet=item.outlet or page.outlet,
        published_at=item.published_at or _page_date(page.date),
        html="",  # the feed's teaser markup no longer describes the text
        teaser=item.text,
    )


def _page_date(value: str) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
