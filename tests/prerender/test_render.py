"""Rendering at publish time costs the same queries whatever the size of the archive."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsdesk.prerender.render import render_path
from tests.support.factories import make_article
from tests.support.options import OptionsOverride

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.prerender]


def test_rendering_a_page_costs_the_same_queries_at_any_size(options: OptionsOverride) -> None:
    """No N+1 and nothing that grows with the archive: what publish-time rendering costs
    at 3 articles it costs at 30."""
    target = make_article("Measured story")

    def queries(path: str) -> int:
        cache.clear()  # measure rendering, not the page cache in front of it
        with CaptureQueriesContext(connection) as captured:
            assert render_path(path).status == 200
        return len(captured)

    paths = [target.get_absolute_url(), target.get_absolute_url().rstrip("/") + ".json", "/"]
    small = {path: queries(path) for path in paths}
    options.set(NEWSDESK_PRERENDER=False)  # the fillers need no stored pages of their own
    for n in range(30):
        make_article(f"Filler {n}")
    assert {path: queries(path) for path in paths} == small
