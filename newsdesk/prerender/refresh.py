"""Bring stored pages in line with the database: render what is public, remove what is not."""

from __future__ import annotations

import fcntl
import logging
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from newsdesk import conf
from newsdesk.prerender import store
from newsdesk.prerender.render import article_paths, index_path, render_path

if TYPE_CHECKING:
    from collections.abc import Iterator

    from newsdesk.articles.events import Placement

log = logging.getLogger(__name__)


def enabled() -> bool:
    return conf.options().prerender.enabled


def pages_showing(placement: Placement) -> list[str]:
    """Every stored page whose bytes depend on an article placed so: the pages of
    `web.pages.pages_showing`, as the URL paths they are stored under (an article's page
    brings its JSON twin and API detail)."""
    from django.urls import reverse

    from newsdesk.web.pages import pages_showing as shown_on

    paths: list[str] = []
    for kind, key in shown_on(placement):
        if kind == "article":
            paths += article_paths(key)
        elif kind == "index":
            paths.append(index_path())
        else:
            paths.append(reverse(f"web:{kind}", args=[key]))
    return paths


@contextmanager
def _locked(root: Path) -> Iterator[None]:
    """One refresh at a time per pages folder: each renders after its own commit, so the
    one that writes last has seen every earlier change."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "wb") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def refresh(paths: Iterable[str]) -> dict[str, str]:
    """Render each path; store a 200 without cookies, remove anything else. Returns
    {path: "stored" | "removed" | "skipped"}."""
    if not enabled():
        return {}
    root = store.pages_dir()
    done: dict[str, str] = {}
    with _locked(root):
        for path in dict.fromkeys(paths):
            if store.file_for(root, path) is None:
                done[path] = "skipped"
                continue
            try:
                rendered = render_path(path)
            except Exception as exc:  # a page that cannot be rendered is Django's to answer
                log.warning("could not pre-render %s (%s); Django will serve it", path, exc)
                log.debug("pre-render failure", exc_info=True)
                store.remove(root, path)
                done[path] = "removed"
                continue
            if rendered.storable:
                store.write(root, path, rendered.headers, rendered.body)
                done[path] = "stored"
            else:
                store.remove(root, path)
                done[path] = "removed"
                if rendered.status == 200:
                    log.warning("page %s sets a cookie; served by Django instead", path)
    log.debug("refreshed pages: %s", done)
    return done


def refresh_all(*, batch: int = 500) -> int:
    """Render the index, every section's first page and every published article (after a
    deploy that changed templates)."""
    from newsdesk.articles.models import Article, Section

    sections = [s.get_absolute_url() for s in Section.objects.order_by("id")]
    count = len(refresh([index_path(), *sections]))
    slugs = Article.objects.published().values_list("slug", flat=True).order_by("id")
    chunk: list[str] = []
    for slug in slugs.iterator(chunk_size=batch):
        chunk += article_paths(slug)
        if len(chunk) >= batch:
            count += len(refresh(chunk))
            chunk = []
    return count + len(refresh(chunk))
