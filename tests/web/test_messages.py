"""Messages storage is made on first use: public pages skip it, the admin's messages still
reach the next page."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.support.factories import make_article

pytestmark = pytest.mark.django_db


def test_a_public_page_sets_no_messages_cookie() -> None:
    article = make_article("Bridge reopens after repairs")
    client = Client()
    for url in ("/", article.get_absolute_url(), "/search/?q=bridge", "/api/articles/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "messages" not in response.cookies, url


def test_an_admin_change_still_shows_its_message_on_the_next_page() -> None:
    admin = User.objects.create_superuser("chief", "chief@example.test", "a-long-passphrase-7")
    client = Client()
    client.force_login(admin)
    response = client.post(f"/admin/auth/user/{admin.pk}/change/", {
        "username": "chief", "email": "chief@example.test", "is_active": "on",
        "is_staff": "on", "is_superuser": "on", "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00", "_save": "Save"}, follow=True)
    assert response.status_code == 200
    assert "was changed successfully" in response.content.decode()
    # Shown once: the next page has no message left.
    assert "was changed successfully" not in client.get("/admin/").content.decode()
