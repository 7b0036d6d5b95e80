"""Render one URL path through Django — routing, view, template, middleware — into bytes.

The page is produced exactly as a visitor's request would produce it (security headers
included), minus anything personal: the request carries no cookie, and a response that
sets one is never stored. When the web app exposes page renderers (``web.pages``), only
``render_path`` needs to change.
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponse
from django.urls import reverse

# Response headers a stored page keeps; the front layer adds ETag, Cache-Control, length.
KEPT_HEADERS = frozenset({
    "content-type", "content-language", "content-security-policy", "x-content-type-options",
    "referrer-policy", "x-frame-options", "cross-origin-opener-policy",
    "strict-transport-security", "permissions-policy",
})


@dataclass(frozen=True)
class Rendered:
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    sets_cookie: bool

    @property
    def storable(self) -> bool:
        return self.status == 200 and not self.sets_cookie


@cache
def _handler() -> BaseHandler:
    handler = BaseHandler()
    handler.load_middleware()
    return handler


def _host() -> str:
    """The name pages are rendered for: the first concrete allowed host."""
    for host in settings.ALLOWED_HOSTS:
        if host and host != "*" and not host.startswith("."):
            return str(host)
    return "localhost"


def render_path(path: str) -> Rendered:
    """GET ``path`` in-process. No request_started / request_finished signals are sent:
    those close database connections, which inside a worker's transaction must stay open."""
    https = bool(getattr(settings, "HTTPS", False))
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SCRIPT_NAME": "",
        "SERVER_NAME": _host(), "SERVER_PORT": "443" if https else "80", "HTTP_HOST": _host(),
        "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "https" if https else "http", "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr, "wsgi.version": (1, 0), "wsgi.multithread": False,
        "wsgi.multiprocess": True, "wsgi.run_once": False,
    }
    response = _handler().get_response(WSGIRequest(environ))
    headers = [(name, value) for name, value in response.items()
               if name.lower() in KEPT_HEADERS]
    body = response.content if isinstance(response, HttpResponse) else b""  # never streamed
    return Rendered(response.status_code, headers, body, sets_cookie=bool(response.cookies))


def article_path(slug: str) -> str:
    return reverse("web:article", args=[slug])


def article_paths(slug: str) -> list[str]:
    """An article's page, its JSON twin and its API detail: all show it and its neighbours
    and change only when it or they do, so all are rendered at publish time."""
    return [article_path(slug), reverse("web:article-json", args=[slug]),
            reverse("api:article", args=[slug])]


def index_path() -> str:
    return reverse("web:index")
