"""The Content-Security-Policy header built once: the same text django-csp builds, and
django-csp's own path whenever a view or request makes the policy differ."""

from __future__ import annotations

import re

import pytest
from csp.constants import NONCE, SELF
from csp.decorators import csp_update
from csp.utils import build_policy
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory, override_settings

from newsdesk.ops.csp import CSPMiddleware
from tests.support.factories import make_article

pytestmark = pytest.mark.django_db


def directives(header: str) -> dict[str, set[str]]:
    """The policy as {directive: sources}: django-csp does not keep the directives' order."""
    parts = [part.split() for part in header.split(";") if part.strip()]
    return {part[0]: set(part[1:]) for part in parts}


def through_middleware(view: object, path: str = "/") -> HttpResponse:
    request = RequestFactory().get(path)
    middleware = CSPMiddleware(lambda req: view(req))  # type: ignore[operator]
    middleware.process_request(request)
    response = middleware(request)
    assert isinstance(response, HttpResponse)
    return response


def test_pages_carry_exactly_the_policy_django_csp_builds() -> None:
    article = make_article("Ferry timetable changes")
    for url in ("/", article.get_absolute_url(), "/search/?q=ferry", "/api/articles/"):
        assert Client().get(url)["Content-Security-Policy"] == build_policy(), url


def test_a_changed_setting_changes_the_header() -> None:
    before = Client().get("/robots.txt")["Content-Security-Policy"]
    policy = {"DIRECTIVES": {"default-src": ["'self'"], "img-src": ["'self'", "images.test"]}}
    with override_settings(CONTENT_SECURITY_POLICY=policy,
                           CONTENT_SECURITY_POLICY_REPORT_ONLY={
                               "DIRECTIVES": {"default-src": ["'none'"]}}):
        response = Client().get("/robots.txt")
        assert directives(response["Content-Security-Policy"]) == {
            "default-src": {"'self'"}, "img-src": {"'self'", "images.test"}}
        assert response["Content-Security-Policy-Report-Only"] == "default-src 'none'"
    after = Client().get("/robots.txt")
    assert after["Content-Security-Policy"] == before
    assert "Content-Security-Policy-Report-Only" not in after


def test_a_view_that_updates_the_policy_gets_its_update() -> None:
    @csp_update({"img-src": "https://maps.test"})
    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse("map")

    header = through_middleware(view)["Content-Security-Policy"]
    assert re.search(r"img-src [^;]*https://maps\.test", header)
    assert through_middleware(lambda r: HttpResponse("plain"))["Content-Security-Policy"] \
        == build_policy()


def test_a_request_that_asks_for_a_nonce_gets_it_in_the_header() -> None:
    seen: list[str] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(str(request.csp_nonce))  # type: ignore[attr-defined]
        return HttpResponse("with a nonce")

    policy = {"DIRECTIVES": {"script-src": [SELF, NONCE]}}
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        header = through_middleware(view)["Content-Security-Policy"]
        assert directives(header)["script-src"] == {"'self'", f"'nonce-{seen[0]}'"}
        # The next response that asks for no nonce gets the policy without one.
        plain = through_middleware(lambda r: HttpResponse("plain"))["Content-Security-Policy"]
        assert directives(plain)["script-src"] == {"'self'"}


def test_excluded_prefixes_and_exempt_responses_get_no_header() -> None:
    policy = {"EXCLUDE_URL_PREFIXES": ["/embed/"], "DIRECTIVES": {"default-src": ["'self'"]}}
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        assert "Content-Security-Policy" not in through_middleware(
            lambda r: HttpResponse("embedded"), "/embed/widget/")
        assert directives(through_middleware(lambda r: HttpResponse("page"), "/articles/")[
            "Content-Security-Policy"]) == {"default-src": {"'self'"}}

    def exempt(request: HttpRequest) -> HttpResponse:
        response = HttpResponse("exempt")
        response._csp_exempt = True  # type: ignore[attr-defined]
        return response

    assert "Content-Security-Policy" not in through_middleware(exempt)
