"""Complete a feed's teaser-only entries with their pages: once per teaser, and never
at the cost of a text already stored.

Without this, a feed that gains one entry would send every teaser in it back to its
page on each read (many requests to one site), and a page that fails once would have
its stored article text replaced by the two-sentence teaser and rewritten again. So the
entries are first looked up among the source's stored items:
- a teaser whose page was read before and that has not changed is kept as stored,
  without a fetch;
- when a page cannot be read, a stored text longer than the teaser is kept.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models.functions import Length

from newsdesk import conf
from newsdesk.intake.models import Source, SourceItem
from newsdesk.intake.store import BATCH_SIZE, item_key
from newsdesk.reader.items import RawItem, content_hash
from newsdesk.reader.thin import complete_thin_item, is_thin

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class KeptAsStored:
    """A thin entry whose stored version stands; counted as unchanged."""

    origin: str
    reason: str


@dataclass(frozen=True)
class _StoredVersion:
    teaser_hash: str
    text_length: int


def complete_thin_entries(
    items: Sequence[RawItem], source: Source
) -> list[RawItem | KeptAsStored]:
    """The feed's items, teasers completed from their pages under the feed's fetch limits."""
    stored = _stored_versions(source, [item for item in items if is_thin(item)])
    entries: list[RawItem | KeptAsStored] = []
    for item in items:
        if not is_thin(item):
            entries.append(item)
            continue
        known = stored.get(item_key(item))
        if known and known.teaser_hash == content_hash(item.text):
            entries.append(KeptAsStored(item.origin, "teaser unchanged since its page was read"))
            continue
        full, note = complete_thin_item(item, conf.options().fetch)
        if note and known and known.text_length > len(item.text):
            logger.info("source %s: stored text kept: %s", source.pk, note)
            entries.append(KeptAsStored(item.origin, note))
            continue
        if note:
            logger.info("source %s: thin entry kept as is: %s", source.pk, note)
        entries.append(full)
    return entries


def _stored_versions(source: Source, items: Sequence[RawItem]) -> dict[str, _StoredVersion]:
    keys = sorted({item_key(item) for item in items})
    found: dict[str, _StoredVersion] = {}
    for start in range(0, len(keys), BATCH_SIZE):
        rows = (
            SourceItem.objects.filter(source=source, key__in=keys[start:start + BATCH_SIZE])
            .annotate(text_length=Length("text"))
            .values_list("key", "teaser_hash", "text_length")
        )
        found.update({key: _StoredVersion(teaser, length) for key, teaser, length in rows})
    return found
