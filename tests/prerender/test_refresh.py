"""`newsdesk prerender` (refresh_all): every published page stored, nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from newsdesk.prerender import store
from tests.support.factories import make_article
from tests.support.stored_pages import stored_body

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.prerender]


def test_prerender_command_renders_every_published_page(_pages_dir: Path) -> None:
    articles = [make_article(f"Story {n}") for n in range(3)]
    draft = make_article("Draft story", status="draft")
    for path in _pages_dir.rglob("*.page"):
        path.unlink()
    call_command("prerender")
    for article in articles:
        assert stored_body(_pages_dir, article) is not None
    assert stored_body(_pages_dir, draft) is None
    assert store.read(_pages_dir, "/") is not None
