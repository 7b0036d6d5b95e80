"""Where a form POST came from, for the subscribe form that every page carries.

Published pages are rendered once and served as the same bytes to everyone, so the form
in their footer cannot hold Django's per-visitor CSRF token. The browser says where a POST
comes from instead: ``Sec-Fetch-Site`` (every current browser) and ``Origin``. A POST that
carries Django's token is checked the usual way; one from another site is refused; one
that says nothing (an old browser) gets the full form with a token to send once more.
"""

from __future__ import annotations

import enum
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware

from newsdesk import conf


class From(enum.Enum):
    THIS_SITE = "this site"
    ELSEWHERE = "another site"
    UNKNOWN = "unknown"


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def own_origins(request: HttpRequest) -> set[str]:
    return {
        f"{request.scheme}://{request.get_host()}".lower(),
        _origin_of(conf.options().site.url),
        *(origin.lower() for origin in settings.CSRF_TRUSTED_ORIGINS),
    }


def _token_checks_out(request: HttpRequest) -> bool:
    if "csrfmiddlewaretoken" not in request.POST:
        return False
    middleware = CsrfViewMiddleware(lambda _: HttpResponse())
    return middleware.process_view(request, _probe, (), {}) is None


def _probe(request: HttpRequest) -> HttpResponse:  # the view the CSRF check is asked about
    return HttpResponse()


def post_came_from(request: HttpRequest) -> From:
    fetch_site = request.headers.get("Sec-Fetch-Site", "")
    origin = request.headers.get("Origin", "")
    if fetch_site in {"cross-site", "same-site"}:
        return From.ELSEWHERE
    if origin and origin.lower() not in own_origins(request):
        return From.ELSEWHERE  # also "null": a sandboxed frame or a data: page
    if _token_checks_out(request):
        return From.THIS_SITE
    if fetch_site == "same-origin" or origin:
        return From.THIS_SITE
    return From.UNKNOWN
