"""Read one ingest target (a feed URL, a file or a folder) into stored source items."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from newsdesk.articles.store import Stored, store_item
from newsdesk.reader.feeds import MalformedFeed, parse_feed
from newsdesk.reader.fetch import FetchError, fetch
from newsdesk.reader.files import read_path
from newsdesk.reader.items import ItemError, RawItem
from newsdesk.reader.thin import complete_thin_item
from newsdesk.sources.models import Source

logger = logging.getLogger(__name__)


@dataclass
class IngestReport:
    """What one target gave: counts per outcome, and every error with what it names."""

    target: str
    source_id: int | None = None
    counts: dict[str, int] = field(default_factory=lambda: {s.value: 0 for s in Stored})
    errors: list[str] = field(default_factory=list)
    fatal: str = ""
    not_modified: bool = False

    @property
    def failed(self) -> int:
        return len(self.errors)

    @property
    def ok(self) -> bool:
        return not self.fatal


def is_url(target: str) -> bool:
    return target.startswith(("http://", "https://"))


def source_for(target: str, outlet: str = "") -> Source:
    """The Source row of a target, made on first sight."""
    if is_url(target):
        location, kind, name = target, Source.Kind.FEED, target
    else:
        path = Path(target).resolve()
        location, kind, name = str(path), Source.Kind.FILES, path.name or str(path)
    source, _ = Source.objects.get_or_create(
        location=location, defaults={"name": name[:200], "kind": kind, "outlet": outlet[:200]}
    )
    if outlet and source.outlet != outlet:
        source.outlet = outlet[:200]
        source.save(update_fields=["outlet"])
    return source


def _read_feed(source: Source, report: IngestReport) -> Iterable[RawItem | ItemError]:
    result = fetch(
        source.location,
        timeout=settings.NEWSDESK_FETCH_TIMEOUT,
        max_bytes=settings.NEWSDESK_FETCH_MAX_BYTES,
        etag=source.etag or None,
        last_modified=source.last_modified or None,
        allow_networks=settings.NEWSDESK_FETCH_ALLOW_NETWORKS,
    )
    if result.not_modified:
        report.not_modified = True
        return []
    parsed = parse_feed(
        result.content,
        feed_url=result.final_url,
        outlet=source.outlet,
        content_type=result.content_type,
    )
    source.etag = (result.etag or "")[:500]
    source.last_modified = (result.last_modified or "")[:100]
    if parsed.title and source.name == source.location:
        source.name = parsed.title[:200]
    return [*_complete_thin(parsed.items, source), *parsed.errors]


def _complete_thin(items: list[RawItem], source: Source) -> list[RawItem]:
    """Teaser-only entries get their page's text, under the same fetch limits."""
    completed = []
    for item in items:
        full, note = complete_thin_item(
            item,
            timeout=settings.NEWSDESK_FETCH_TIMEOUT,
            max_bytes=settings.NEWSDESK_FETCH_MAX_BYTES,
            allow_networks=settings.NEWSDESK_FETCH_ALLOW_NETWORKS,
        )
        if note:
            logger.info("source %s: thin entry kept as is: %s", source.pk, note)
        completed.append(full)
    return completed


def _read_files(source: Source) -> Iterable[RawItem | ItemError]:
    path = Path(source.location)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file or folder")
    return read_path(path)


def ingest_target(target: str, *, outlet: str = "") -> IngestReport:
    """Read a target and store its items. Never raises for bad input: a broken item is
    reported by name and the rest go on; a broken target is reported as fatal."""
    report = IngestReport(target=target)
    source = source_for(target, outlet)
    report.source_id = source.pk
    try:
        entries = _read_feed(source, report) if is_url(target) else _read_files(source)
        for entry in entries:
            if isinstance(entry, ItemError):
                report.errors.append(str(entry))
                continue
            report.counts[store_item(source, entry).value] += 1
    except (FetchError, MalformedFeed, FileNotFoundError, OSError) as exc:
        report.fatal = str(exc)
    _record_attempt(source, report)
    logger.info("ingested source %s: %s errors=%d fatal=%s", source.pk, report.counts,
                report.failed, bool(report.fatal))
    return report


def _record_attempt(source: Source, report: IngestReport) -> None:
    source.last_checked_at = timezone.now()
    if report.fatal:
        source.last_status, source.last_error = Source.Status.FAILED, report.fatal
    elif report.errors:
        source.last_status = Source.Status.PARTIAL
        source.last_error = "\n".join(report.errors[:20])
    else:
        source.last_status, source.last_error = Source.Status.OK, ""
    source.save()
