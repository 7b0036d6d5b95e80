"""Read one ingest target (a feed URL, a file or a folder) into stored source items."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.utils import timezone

from newsdesk import conf
from newsdesk.articles.store import BATCH_SIZE, Stored, store_items
from newsdesk.reader.feeds import MalformedFeed, parse_feed
from newsdesk.reader.fetch import FetchError, fetch
from newsdesk.reader.files import read_path
from newsdesk.reader.items import ItemError, RawItem
from newsdesk.sources.attempts import record_attempt
from newsdesk.sources.models import Source
from newsdesk.sources.thin_entries import KeptAsStored, complete_thin_entries

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
    # What the operator sees on the source's attempt log.
    error_kind: str = ""
    http_status: int | None = None
    bytes: int = 0
    duration_ms: int = 0
    retry_after: int | None = None
    started_at: datetime | None = None

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
        location=location,
        defaults={"name": name[:200], "kind": kind, "outlet": outlet[:200],
                  "check_interval": conf.options().refresh.default_seconds},
    )
    if outlet and source.outlet != outlet:
        source.outlet = outlet[:200]
        source.save(update_fields=["outlet"])
    return source


def _read_feed(
    source: Source, report: IngestReport
) -> Iterable[RawItem | ItemError | KeptAsStored]:
    result = fetch(
        source.location,
        conf.options().fetch,
        etag=source.etag or None,
        last_modified=source.last_modified or None,
    )
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
    reported by name and the rest go on; a broken target is reported as fatal."""
    return read_source(source_for(target, outlet), target=target, on_item=on_item)


def read_source(
    source: Source, *, target: str = "", on_item: Callable[[], None] | None = None
) -> IngestReport:
    """Read one stored source, store its items and record the attempt on the source.

    Never raises: a broken item is reported by name and the rest go on; a broken target
    (or a bug) is reported as fatal with its kind, so a worker survives any source."""
    report = IngestReport(target=target or source.location, source_id=source.pk)
    report.started_at = timezone.now()
    started = time.monotonic()
    try:
        entries = _read_feed(source, report) if source.kind == Source.Kind.FEED else (
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
