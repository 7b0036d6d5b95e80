"""Read one ingest target (a feed URL, a site's page, a file or a folder) into stored source
items."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.utils import timezone

from newsdesk import conf
from newsdesk.intake.attempts import record_attempt
from newsdesk.intake.models import Source
from newsdesk.intake.reports import IngestReport
from newsdesk.intake.store import BATCH_SIZE, Stored, store_items
from newsdesk.intake.thin_entries import KeptAsStored, complete_thin_entries
from newsdesk.reader.discover import advertised_feeds
from newsdesk.reader.feeds import MalformedFeed, parse_feed
from newsdesk.reader.fetch import FetchError, FetchResult, fetch
from newsdesk.reader.files import read_path
from newsdesk.reader.items import ItemError, RawItem

logger = logging.getLogger(__name__)


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
        location=location,
        defaults={"name": name[:200], "kind": kind, "outlet": outlet[:200],
                  "check_interval": conf.options().refresh.default_seconds},
    )
    if outlet and source.outlet != outlet:
        source.outlet = outlet[:200]
        source.save(update_fields=["outlet"])
    return source


def _fetch(url: str, *, etag: str = "", last_modified: str = "") -> FetchResult:
    return fetch(
        url,
        conf.options().fetch,
        etag=etag or None,
        last_modified=last_modified or None,
    )


@dataclass(frozen=True)
class _FirstRead:
    """The answer to a new address, kept so that the feed it turns out to be is not
    fetched a second time: the response, or what went wrong getting it."""

    started_at: datetime
    started: float  # time.monotonic() when the request went out
    outcome: FetchResult | Exception

    def result(self) -> FetchResult:
        if isinstance(self.outcome, Exception):
            raise self.outcome
        return self.outcome


def _first_read(url: str) -> _FirstRead:
    started_at, started = timezone.now(), time.monotonic()
    try:
        outcome: FetchResult | Exception = _fetch(url)
    except Exception as exc:  # recorded on the source by read_source, as any failure is
        outcome = exc
    return _FirstRead(started_at, started, outcome)


def _advertised_feed(first: _FirstRead) -> str:
    """The feed a web page advertises ("" when the answer is not such a page)."""
    if isinstance(first.outcome, Exception) or first.outcome.not_modified:
        return ""
    result = first.outcome
    feeds = advertised_feeds(result.content, content_type=result.content_type,
                             page_url=result.final_url)
    return feeds[0].url if feeds else ""


def _read_feed(
    source: Source, report: IngestReport, first: _FirstRead | None = None
) -> Iterable[RawItem | ItemError | KeptAsStored]:
    result = first.result() if first is not None else _fetch(
        source.location, etag=source.etag, last_modified=source.last_modified)
    report.http_status, report.bytes = result.status, len(result.content)
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
    return [*complete_thin_entries(parsed.items, source), *parsed.errors]


def _read_files(source: Source) -> Iterable[RawItem | ItemError]:
    path = Path(source.location)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file or folder")
    return read_path(path)


def ingest_target(
    target: str, *, outlet: str = "", on_item: Callable[[], None] | None = None
) -> IngestReport:
    """Read a target and store its items. Never raises for bad input: a broken item is
    reported by name and the rest go on; a broken target is reported as fatal.

    A new web address may be a site's page rather than its feed, as a person pasting a
    site's address expects to be able to: a page that advertises feeds subscribes to the
    first one it names. The address is fetched once either way; a known source is read
    as it is, without looking for feeds again."""
    first, page = None, ""
    if is_url(target) and not Source.objects.filter(location=target).exists():
        first = _first_read(target)
        if feed := _advertised_feed(first):
            logger.info("%s advertises the feed %s; subscribing to it", target, feed)
            first, page, target = None, target, feed
    report = read_source(source_for(target, outlet), target=target, on_item=on_item,
                         first=first)
    report.found_on = page
    return report


def read_source(
    source: Source,
    *,
    target: str = "",
    on_item: Callable[[], None] | None = None,
    first: _FirstRead | None = None,
) -> IngestReport:
    """Read one stored source, store its items and record the attempt on the source
    (with ``first``, a feed's answer already fetched, it is not fetched again).

    Never raises: a broken item is reported by name and the rest go on; a broken target
    (or a bug) is reported as fatal with its kind, so a worker survives any source."""
    report = IngestReport(target=target or source.location, source_id=source.pk)
    report.started_at = first.started_at if first is not None else timezone.now()
    started = first.started if first is not None else time.monotonic()
    try:
        entries = _read_feed(source, report, first) if source.kind == Source.Kind.FEED else (
            _read_files(source))
        _store_all(source, entries, report, on_item)
    except FetchError as exc:
        report.fatal, report.error_kind, report.http_status = str(exc), exc.kind, exc.status
        report.bytes = exc.bytes_read  # how much was taken before giving up, for the log
        report.retry_after = _retry_after(exc)
    except MalformedFeed as exc:
        report.fatal, report.error_kind = str(exc), "malformed"
    except (FileNotFoundError, OSError) as exc:
        report.fatal, report.error_kind = str(exc), "io"
    except Exception as exc:  # a bug must show up on the source, not kill the worker
        logger.exception("reading source %s failed unexpectedly", source.pk)
        report.fatal, report.error_kind = f"{type(exc).__name__}: {exc}", "internal"
    report.duration_ms = round((time.monotonic() - started) * 1000)
    record_attempt(source, report)
    logger.info("ingested source %s: %s errors=%d fatal=%s", source.pk, report.counts,
                report.failed, bool(report.fatal))
    return report


def _store_all(
    source: Source,
    entries: Iterable[RawItem | ItemError | KeptAsStored],
    report: IngestReport,
    on_item: Callable[[], None] | None,
) -> None:
    """Store items a batch (one transaction) at a time; errors are counted as they come."""
    batch: list[RawItem] = []

    def flush() -> None:
        for outcome in store_items(source, batch):
            report.counts[outcome.value] += 1
            if on_item is not None:
                on_item()
        batch.clear()

    for entry in entries:
        if isinstance(entry, RawItem):
            batch.append(entry)
            if len(batch) >= BATCH_SIZE:
                flush()
            continue
        if isinstance(entry, ItemError):
            report.errors.append(str(entry))
        else:  # a thin entry whose stored version stands
            report.counts[Stored.UNCHANGED.value] += 1
        if on_item is not None:
            on_item()
    flush()


def _retry_after(exc: FetchError) -> int | None:
    """Seconds the server asked us to wait, when the fetcher passed them on."""
    value = getattr(exc, "retry_after", None)
    return int(value) if isinstance(value, int | float) and value >= 0 else None


def refresh_source(source_id: int) -> IngestReport | None:
    """The scheduled refresh of one source; None when the source no longer exists."""
    source = Source.objects.filter(pk=source_id).first()
    if source is None:
        logger.info("source %s is gone; nothing to refresh", source_id)
        return None
    return read_source(source)
