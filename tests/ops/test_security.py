"""Operator security: roles, Argon2, login throttling, CSRF, CSP and headers."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from newsdesk.ops.roles import ROLES, setup_roles
from tests.support.factories import make_article

pytestmark = pytest.mark.django_db


def _perms(role: str) -> set[str]:
    group = Group.objects.get(name=role)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_migrate_creates_the_three_roles() -> None:
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)
    editor, reviewer = _perms("editor"), _perms("reviewer")
    assert {"articles.change_article", "articles.add_article", "articles.delete_article",
            "intake.add_source"} <= editor
    assert "articles.change_article" in reviewer
    assert not {"articles.add_article", "articles.delete_article",
                "intake.change_source"} & reviewer
    assert "auth.change_user" not in editor | reviewer
    assert "auth.change_user" in _perms("admin")


def test_setup_roles_is_idempotent_and_corrects_drift() -> None:
    reviewer = Group.objects.get(name="reviewer")
    extra = Group.objects.get(name="admin").permissions.get(codename="delete_user")
    reviewer.permissions.add(extra)
    before = _perms("editor")
    setup_roles()
    setup_roles()
    assert "auth.delete_user" not in _perms("reviewer")
    assert _perms("editor") == before
    assert Group.objects.filter(name="editor").count() == 1


def test_a_reviewer_may_change_but_not_add_articles_in_the_admin() -> None:
    user = User.objects.create_user("rita", password="long-enough-pass-1", is_staff=True)
    user.groups.add(Group.objects.get(name="reviewer"))
    article = make_article("Harbour berth opens")
    client = Client()
    client.force_login(user)
    listing = client.get("/admin/articles/article/")
    assert listing.status_code == 200 and article.headline in listing.content.decode()
    assert client.get("/admin/articles/article/add/").status_code == 403


def test_new_passwords_are_hashed_with_argon2() -> None:
    user = User.objects.create_user("ed", password="correct horse battery")
    assert user.password.startswith("argon2$")
    assert user.check_password("correct horse battery")


def _login(client: Client, password: str) -> int:
    response = client.post("/admin/login/?next=/admin/",
                           {"username": "boss", "password": password})
    return response.status_code


def test_the_nth_bad_admin_login_locks_the_account_even_for_the_right_password(
        settings) -> None:
    User.objects.create_superuser("boss", "boss@example.org", "the-right-password-9")
    limit = settings.AXES_FAILURE_LIMIT
    client = Client()
    codes = [_login(client, f"wrong-{n}") for n in range(limit)]
    assert codes[:-1] == [200] * (limit - 1)  # the form again, with an error
    assert codes[-1] == 429  # the limit-th failure locks
    assert _login(client, "the-right-password-9") == 429
    assert "_auth_user_id" not in client.session


def test_a_good_login_before_the_limit_works_and_resets_the_count(settings) -> None:
    User.objects.create_superuser("boss", "boss@example.org", "the-right-password-9")
    client = Client()
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, f"wrong-{n}") == 200
    assert _login(client, "the-right-password-9") == 302


def test_admin_posts_need_a_csrf_token() -> None:
    User.objects.create_superuser("boss", "boss@example.org", "the-right-password-9")
    client = Client(enforce_csrf_checks=True)
    assert client.post("/admin/login/", {"username": "boss",
                                         "password": "the-right-password-9"}).status_code == 403
    page = client.get("/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token is not None
    response = client.post("/admin/login/?next=/admin/", {
        "username": "boss", "password": "the-right-password-9",
        "csrfmiddlewaretoken": token.group(1)})
    assert response.status_code == 302


def test_public_pages_send_a_csp_without_inline_script_and_the_security_headers() -> None:
    article = make_article("Water board raises rates")
    for url in ("/", article.get_absolute_url(), "/admin/login/"):
        response = Client().get(url)
        assert response.status_code == 200, url
        csp = response["Content-Security-Policy"]
        script_src = re.search(r"script-src ([^;]+)", csp)
        assert script_src is not None and script_src.group(1).strip() == "'self'"
        assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        html = response.content.decode()
        # Data blocks (JSON, JSON-LD) are never executed, so CSP rightly ignores them.
        inline = [s for s in re.findall(r"<script\b[^>]*>", html)
                  if "src=" not in s and not re.search(r'type="application/(ld\+)?json"', s)]
        assert inline == [], url


def _settings_with(env: dict[str, str], expression: str) -> str:
    code = ("import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
            "'newsdesk.settings'); django.setup(); from django.conf import settings; "
            f"print(repr(({expression})))")
    result = subprocess.run([sys.executable, "-c", code], env={**os.environ, **env},
                            capture_output=True, text=True, check=True, timeout=60)
    return result.stdout.strip()


def test_https_turns_on_hsts_and_secure_cookies() -> None:
    expression = ("settings.SECURE_HSTS_SECONDS, settings.SESSION_COOKIE_SECURE, "
                  "settings.CSRF_COOKIE_SECURE, settings.SECURE_SSL_REDIRECT")
    assert _settings_with({"NEWSDESK_HTTPS": "true"}, expression) == "(31536000, True, True, True)"
    assert _settings_with({"NEWSDESK_HTTPS": "false"}, expression) == "(0, False, False, False)"


def test_hsts_header_on_a_secure_request(settings) -> None:
    settings.SECURE_HSTS_SECONDS = 31536000
    response = Client().get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
