"""What one day's briefing holds: the published articles of the 24 hours before its send time.

A briefing is named by the day it is sent. With NEWSDESK_BRIEFING_TIME at 06:00 (UTC) the
briefing of 7 December holds what was published from 6 December 06:00 up to, not including,
7 December 06:00: every article is in exactly one briefing, and a morning mail is never
a few hours' worth. Everything is read through ``Article.objects.published()``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from newsdesk import conf
from newsdesk.articles.models import Article


@dataclass(frozen=True)
class Item:
    headline: str
    path: str
    url: str
    summary: str
    section_id: int | None
    section: str
    published_at: datetime


def send_time() -> time:
    hours, minutes = conf.options().briefing.send_time.split(":")
    return time(int(hours), int(minutes), tzinfo=UTC)


def window(day: date) -> tuple[datetime, datetime]:
    """[start, end) of the articles in ``day``'s briefing."""
    end = datetime.combine(day, send_time())
    return end - timedelta(days=1), end


def day_of(moment: datetime) -> date:
    """The briefing an article published at ``moment`` goes out in."""
    moment = moment.astimezone(UTC)
    cutoff = datetime.combine(moment.date(), send_time())
    return moment.date() if moment < cutoff else moment.date() + timedelta(days=1)


def due_day(now: datetime) -> date:
    """The newest briefing whose send time has come."""
    now = now.astimezone(UTC)
    today = now.date()
    return today if now >= datetime.combine(today, send_time()) else today - timedelta(days=1)


def latest_day(now: datetime) -> date:
    """The day /briefing/ shows: the newest briefing already due that has articles, else the
    one being gathered now (a new site, or the demo, whose articles are all from today)."""
    due = due_day(now)
    _, end = window(due)
    newest = (Article.objects.published().filter(published_at__lt=end)
              .order_by("-published_at").values_list("published_at", flat=True).first())
    if newest is None:
        return due + timedelta(days=1)
    return day_of(newest)


def absolute(path: str) -> str:
    return f"{conf.options().site.url}{path}"


def items_for(day: date) -> list[Item]:
    """The day's articles, newest first, each with its one-sentence summary."""
    start, end = window(day)
    articles = (Article.objects.published()
                .filter(published_at__gte=start, published_at__lt=end)
                .order_by("-published_at", "-id")
                .for_lists())
    items = []
    for article in articles:
        teasers = getattr(article, "teasers", [])
        path = article.get_absolute_url()
        items.append(Item(
            headline=article.headline, path=path, url=absolute(path),
            summary=teasers[0].text if teasers else "",
            section_id=article.section_id,
            section=article.section.name if article.section else "",
            published_at=article.published_at or end,
        ))
    return items


def for_sections(items: list[Item], section_ids: set[int] | None) -> list[Item]:
    """The items of these sections; None means every section."""
    if section_ids is None:
        return list(items)
    return [item for item in items if item.section_id in section_ids]


def grouped(items: list[Item]) -> list[tuple[str, list[Item]]]:
    """Items by section, sections in order of their newest item; no section comes last."""
    groups: dict[str, list[Item]] = {}
    for item in items:
        groups.setdefault(item.section, []).append(item)
    named = [(name, group) for name, group in groups.items() if name]
    if "" in groups:
        named.append(("", groups[""]))
    return named
