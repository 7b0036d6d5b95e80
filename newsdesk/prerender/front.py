"""The thin WSGI layer: pre-rendered pages answered without Django, everything else passed on.

Served from the store: GET and HEAD of a storable path with no query string and no
session cookie, when its file exists. Answers carry the stored headers, an ETag and
``Cache-Control: no-cache`` (caches keep it but revalidate — a 304 costs almost nothing and a
stale page is never shown); a matching If-None-Match gets a 304. All else — admin, search,
API, ``?page=2``, POST, a missing file — goes to Django unchanged.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from newsdesk.prerender import store
from newsdesk.utils.filestamp import Stamp, settled, stamp

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

CACHE_CONTROL = ("Cache-Control", "no-cache")
MEMORY_PAGES = 4096  # pages kept decoded per process
SESSION_COOKIE = "sessionid="


class PrerenderedFront:
    """Wraps a WSGI application; keeps each stored page in memory while its file's
    (inode, mtime, size) is unchanged, so a hit costs one ``stat``."""

    def __init__(self, app: WSGIApp | None, root: Path | None = None) -> None:
        self._app = app
        self.root = root or store.pages_dir()
        # URL path -> (file name, its stamp, page, response headers); only paths with a
        # stored file get an entry, so unknown URLs cannot grow it.
        self._cache: dict[str, tuple[str, Stamp, store.Page, list[tuple[str, str]]]] = {}

    @property
    def app(self) -> WSGIApp:
        if self._app is None:  # Django loads on the first request it has to answer
            from django.core.wsgi import get_wsgi_application

            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
            self._app = get_wsgi_application()
        return self._app

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO", "")
        if (method in ("GET", "HEAD") and not environ.get("QUERY_STRING")
                and SESSION_COOKIE not in environ.get("HTTP_COOKIE", "")):
            hit = self._lookup(path)
            if hit is not None:
                page, headers = hit
                if environ.get("HTTP_IF_NONE_MATCH") == page.etag:
                    start_response("304 Not Modified", [("ETag", page.etag), CACHE_CONTROL])
                    return [b""]
                start_response("200 OK", headers)
                return [b""] if method == "HEAD" else [page.body]
        return self.app(environ, start_response)

    def _lookup(self, path: str) -> tuple[store.Page, list[tuple[str, str]]] | None:
        cached = self._cache.get(path)
        if cached is not None:
            filename = cached[0]  # a page served before: skip building its Path again
        else:
            target = store.file_for(self.root, path)
            if target is None:
                return None
            filename = str(target)
        try:
            info = os.stat(filename)
        except OSError:
            self._cache.pop(path, None)
            return None
        if cached is not None and cached[1] == stamp(info):
            return cached[2], cached[3]
        try:
            with open(filename, "rb") as handle:
                info = os.fstat(handle.fileno())  # the file read, even if replaced since
                page = store.decode(handle.read())
        except (OSError, ValueError):
            return None
        headers = [*page.headers, ("ETag", page.etag), CACHE_CONTROL,
                   ("Content-Length", str(len(page.body)))]
        if settled(info):  # see newsdesk/filestamp.py
            if len(self._cache) >= MEMORY_PAGES:
                self._cache.clear()  # bounded memory; the next hits read their files again
            self._cache[path] = (filename, stamp(info), page, headers)
        return page, headers


def _enabled() -> bool:
    from newsdesk import conf

    return conf.options().prerender.enabled


def make_application() -> WSGIApp:
    """Django behind the front layer, or Django alone when pre-rendering is off."""
    from newsdesk.wsgi import application as django_app  # loaded now, not on a first request

    return PrerenderedFront(django_app) if _enabled() else django_app


application = make_application()
