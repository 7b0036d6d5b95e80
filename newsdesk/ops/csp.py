"""The Content-Security-Policy header, built once per process instead of once per response.

django-csp rebuilds the header text from settings on every response (a dataclass copied to
a dict, then every directive joined): about a tenth of the CPU a cached search answer
costs. Our policy has no nonce and no per-view overrides, so its text is the same on every
response; this subclass keeps it. A response that does carry an override (the
``csp_update`` family of decorators) or a request that asked for a nonce takes
django-csp's own path, unchanged.
"""

from __future__ import annotations

import http.client
from typing import Any

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponseBase

_OVERRIDES = ("_csp_config", "_csp_update", "_csp_replace",
              "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro")
# (header, settings name, response attribute that exempts it, report-only?)
_HEADERS = ((HEADER, "CONTENT_SECURITY_POLICY", "_csp_exempt", False),
            (HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", "_csp_exempt_ro", True))
_DEBUG_EXEMPT = (http.client.INTERNAL_SERVER_ERROR, http.client.NOT_FOUND)

# header -> (policy text, excluded URL prefixes); filled on first use
_built: dict[str, tuple[str, tuple[str, ...]]] = {}


@receiver(setting_changed)
def _forget(setting: str, **_: Any) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _built.clear()


def _policy(header: str, name: str, report_only: bool) -> tuple[str, tuple[str, ...]]:
    built = _built.get(header)
    if built is None:
        configured = getattr(settings, name, None) or {}
        built = (build_policy(report_only=report_only),
                 tuple(configured.get("EXCLUDE_URL_PREFIXES", None) or ()))
        _built[header] = built
    return built


class CSPMiddleware(BaseCSPMiddleware):
    def process_response(self, request: HttpRequest, response: HttpResponseBase
                         ) -> HttpResponseBase:
        if (getattr(request, "_csp_nonce", None) is not None
                or any(getattr(response, name, None) is not None for name in _OVERRIDES)):
            return super().process_response(request, response)
        if response.status_code in _DEBUG_EXEMPT and settings.DEBUG:
            return response
        for header, name, exempt, report_only in _HEADERS:
            text, excluded = _policy(header, name, report_only)
            if (text and header not in response and getattr(response, exempt, False) is False
                    and not request.path_info.startswith(excluded)):
                response[header] = text
        # As django-csp does: asking for a nonce after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(  # type: ignore[attr-defined]
            self._csp_nonce_post_response)
        return response
