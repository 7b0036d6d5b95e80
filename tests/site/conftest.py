"""Each site test starts with an empty page cache: a page cached by an earlier test, whose
database is gone, must never answer in a later one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_page_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()
