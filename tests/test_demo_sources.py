"""The bundled demo sources are rich enough to show what the guard and summaries do."""

from __future__ import annotations

import re

from newsdesk.cli.management.commands.demo import DEMO_SOURCES
from newsdesk.reader.files import read_path
from newsdesk.reader.items import RawItem


def test_demo_sources_read_cleanly_and_carry_checkable_facts() -> None:
    items = list(read_path(DEMO_SOURCES))
    assert len(items) >= 12
    assert all(isinstance(item, RawItem) for item in items), items
    outlets = set()
    for item in items:
        assert isinstance(item, RawItem)
        outlets.add(item.outlet)
        assert item.title and item.url.startswith("https://") and item.published_at
        assert re.search(r"\d", item.text), item.origin
        assert re.search(r"\"[^\"]+\"", item.text), f"{item.origin} has no quotation"
    assert len(outlets) >= 5
