"""Rendered pages as bytes with an ETag, cached until the next publish.

Every cache key carries a *generation* number that any change to public content bumps
(see ``web.apps``), so one increment invalidates every cached page, feed and API answer at
once without having to know which pages an article appears on. With a shared cache
backend the bump reaches every web process.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache, wraps
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.template.response import SimpleTemplateResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

GENERATION_KEY = "newsdesk:generation"
TIMEOUT = 24 * 3600
PAGE_MAX_AGE = 60  # seconds a browser or proxy may reuse a page before revalidating


@dataclass(frozen=True)
class Rendered:
    body: bytes
    content_type: str
    etag: str
    last_modified: datetime


def generation() -> int:
    current = cache.get(GENERATION_KEY)
    if current is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        current = cache.get(GENERATION_KEY, 1)
    return int(current)


def bump(**_: Any) -> None:
    """Invalidate every cached page; called on publish and on any change to public content."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def timeout(rendered_from: datetime | None = None) -> int:
    """Seconds a cached page may live: a day, or less when a scheduled article becomes due
    sooner — that moment changes pages without any save to bump the generation.

    ``rendered_from`` is when the page began reading its content. An article that fell due
    while it rendered may be missing from it; such a page gets 0 (not to be kept), where
    judging from the end of the render alone would have kept it for a day."""
    from newsdesk.articles.models import Article

    now = timezone.now()
    since = rendered_from or now
    due = (Article.objects.released().filter(published_at__gt=since)
           .order_by("published_at").values_list("published_at", flat=True).first())
    if due is None:
        return TIMEOUT
    if due <= now:
        return 0
    return max(1, min(TIMEOUT, int((due - now).total_seconds()) + 1))


def make_rendered(body: bytes, content_type: str) -> Rendered:
    digest = hashlib.blake2b(body, digest_size=12).hexdigest()
    return Rendered(body=body, content_type=content_type, etag=f'"{digest}"',
                    last_modified=datetime.now(UTC).replace(microsecond=0))


def cached(key: str, render: Callable[[], tuple[bytes, str]]) -> Rendered:
    """The rendered bytes for ``key`` in this generation, rendering them on a miss."""
    return _cached_unless(f"page:{key}", render, [])


_CONDITIONS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH",
               "HTTP_IF_UNMODIFIED_SINCE")


@lru_cache(maxsize=1024)
def _http_date(timestamp: int) -> str:
    """Formatted once per page version, not on every answer (email.utils is slow)."""
    return http_date(timestamp)


def respond(request: HttpRequest, rendered: Rendered, *, max_age: int = PAGE_MAX_AGE
            ) -> HttpResponseBase:
    """200 with the bytes, or 304 when the client already holds them."""
    last_modified = int(rendered.last_modified.timestamp())
    conditional = None
    if any(name in request.META for name in _CONDITIONS):  # else nothing to compare
        conditional = get_conditional_response(request, etag=rendered.etag,
                                               last_modified=last_modified)
    response: HttpResponseBase
    if conditional is not None:
        response = conditional
    else:
        response = HttpResponse(rendered.body, content_type=rendered.content_type)
    response["ETag"] = rendered.etag
    response["Last-Modified"] = _http_date(last_modified)
    # Neither answer above carries Cache-Control yet: write what patch_cache_control would.
    response["Cache-Control"] = f"public, max-age={max_age}"
    return response


def cached_view(max_age: int = PAGE_MAX_AGE) -> Callable[[Callable[..., HttpResponseBase]],
                                                         Callable[..., HttpResponseBase]]:
    """Cache a view's successful GET answers per full path and generation, with ETag / 304.
    Errors are never cached."""

    def decorate(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            failed: list[HttpResponseBase] = []

            def render() -> tuple[bytes, str]:
                response = view(request, *args, **kwargs)
                if isinstance(response, SimpleTemplateResponse):
                    response.render()
                if response.status_code != 200 or not isinstance(response, HttpResponse):
                    failed.append(response)
                    return b"", ""
                return response.content, response["Content-Type"]

            name = getattr(view, "__qualname__", type(view).__qualname__)
            key = f"view:{view.__module__}.{name}:{request.get_full_path()}"
            rendered = _cached_unless(key, render, failed)
            if failed:
                return failed[0]
            return respond(request, rendered, max_age=max_age)

        return wrapper

    return decorate


def _cached_unless(key: str, render: Callable[[], tuple[bytes, str]],
                   failed: list[HttpResponseBase]) -> Rendered:
    """Cached bytes for ``key``; a render that reports a failure in ``failed`` is not kept."""
    full_key = f"newsdesk:{generation()}:{hashlib.blake2b(key.encode()).hexdigest()}"
    found = cache.get(full_key)
    if isinstance(found, Rendered):
        return found
    started = timezone.now()
    rendered = make_rendered(*render())
    lifetime = timeout(started) if not failed else 0
    if lifetime:
        cache.set(full_key, rendered, timeout=lifetime)
    return rendered
