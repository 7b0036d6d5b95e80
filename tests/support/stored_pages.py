"""What the pre-renderer stored for an article, read back from the pages folder."""

from __future__ import annotations

from pathlib import Path

from newsdesk.articles.models import Article
from newsdesk.prerender import store


def stored_body(root: Path, article: Article) -> bytes | None:
    page = store.read(root, article.get_absolute_url())
    return None if page is None else page.body
