"""Keyset pagination on the total order (published_at, id): no OFFSET, so page 5,000 costs
what page 1 costs, and an article published meanwhile never shifts a page by one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Generic, TypeVar

from django.db.models import Model, Q, QuerySet

_M = TypeVar("_M", bound=Model)

CURSOR_PATTERN = r"[0-9]{1,17}-[0-9]{1,18}"
_CURSOR = re.compile(r"([0-9]{1,17})-([0-9]{1,18})")
_MICROSECOND = timedelta(microseconds=1)


class BadCursor(ValueError):
    """A cursor that this site did not make; pages answer 400 / 404, never a 500."""


def make_cursor(row: Model) -> str:
    """``<microseconds since 1970>-<id>`` of a row with a ``published_at``: opaque to
    readers, exact to the microsecond."""
    published_at: datetime | None = getattr(row, "published_at", None)
    assert published_at is not None
    when = published_at.astimezone(UTC)
    micros = (when - datetime(1970, 1, 1, tzinfo=UTC)) // _MICROSECOND
    return f"{micros}-{row.pk}"


def parse_cursor(cursor: str) -> tuple[datetime, int]:
    match = _CURSOR.fullmatch(cursor)
    if match is None:
        raise BadCursor(f"not a page cursor: {cursor[:40]!r}")
    try:
        when = datetime(1970, 1, 1, tzinfo=UTC) + int(match.group(1)) * _MICROSECOND
    except OverflowError as exc:
        raise BadCursor(f"cursor date out of range: {cursor[:40]!r}") from exc
    return when, int(match.group(2))


@dataclass(frozen=True)
class Page(Generic[_M]):
    """One page of articles, newest first, with the cursors of its neighbours."""

    items: list[_M]
    older: str | None  # cursor for ?before=
    newer: str | None  # cursor for ?after=

    @property
    def has_other_pages(self) -> bool:
        return self.older is not None or self.newer is not None


def keyset_page(
    queryset: QuerySet[_M], *, size: int, before: str = "", after: str = ""
) -> Page[_M]:
    """Newest-first page of ``queryset``: the first one, the one older than ``before``, or
    the one newer than ``after`` (``before`` wins when both are given). One query fetches
    ``size + 1`` rows on an index range; the extra row says whether another page follows
    in that direction. A page reached by a cursor always offers the way back."""
    if after and not before:
        when, pk = parse_cursor(after)
        newer_first: Any = Q(published_at__gt=when) | Q(published_at=when, id__gt=pk)
        rows = list(queryset.filter(newer_first).order_by("published_at", "id")[: size + 1])
        more_newer = len(rows) > size
        items = rows[:size][::-1]
        return Page(items=items, older=make_cursor(items[-1]) if items else None,
                    newer=make_cursor(items[0]) if items and more_newer else None)
    ordered = queryset.order_by("-published_at", "-id")
    if before:
        when, pk = parse_cursor(before)
        older_first: Any = Q(published_at__lt=when) | Q(published_at=when, id__lt=pk)
        ordered = ordered.filter(older_first)
    rows = list(ordered[: size + 1])
    items = rows[:size]
    older = make_cursor(items[-1]) if len(rows) > size else None
    newer = make_cursor(items[0]) if before and items else None
    return Page(items=items, older=older, newer=newer)
