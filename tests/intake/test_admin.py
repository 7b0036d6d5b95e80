"""The operator's admin pages for intake: failing sources first, each source's attempts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from newsdesk.intake.models import FetchAttempt, Source

pytestmark = pytest.mark.django_db


def test_operator_finds_failing_sources_in_the_admin() -> None:
    Source.objects.create(name="Healthy feed", kind="feed", location="https://a.example/f",
                          last_status="ok")
    Source.objects.create(name="Broken feed", kind="feed", location="https://b.example/f",
                          last_status="failed", consecutive_failures=4, last_error_kind="timeout",
                          next_check_at=timezone.now() + timedelta(hours=1))
    operator = User.objects.create_superuser("op", "op@example.org", "pw")
    client = Client()
    client.force_login(operator)  # logging in itself is covered by the login-throttling tests
    failing = client.get("/admin/intake/source/?health=failing").content.decode()
    assert "Broken feed" in failing and "Healthy feed" not in failing
    repeated = client.get("/admin/intake/source/?health=repeated").content.decode()
    assert "Broken feed" in repeated
    everything = client.get("/admin/intake/source/").content.decode()
    assert "Broken feed" in everything and "Healthy feed" in everything
    assert client.get("/admin/intake/fetchattempt/").status_code == 200


def test_source_page_shows_its_latest_attempts_and_links_to_all(admin_client: Client) -> None:
    source = Source.objects.create(name="Flaky", kind="feed", location="https://c.example/f")
    now = timezone.now()
    for n in range(15):
        FetchAttempt.objects.create(source=source, started_at=now - timedelta(minutes=n),
                                    outcome="failed", error_kind="timeout",
                                    message=f"attempt number {n:02}")
    page = admin_client.get(f"/admin/intake/source/{source.pk}/change/").content.decode()
    assert "attempt number 00" in page and "attempt number 09" in page
    assert "attempt number 10" not in page  # only the latest ten are inlined
    listing = admin_client.get(f"/admin/intake/fetchattempt/?source__id__exact={source.pk}")
    assert listing.status_code == 200 and "15 fetch attempts" in listing.content.decode()


def test_old_admin_addresses_lead_to_the_moved_pages(admin_client: Client) -> None:
    source = Source.objects.create(name="Moved", kind="feed", location="https://d.example/f")
    old = admin_client.get("/admin/sources/source/?health=failing")
    assert old.status_code == 301 and old["Location"] == "/admin/intake/source/?health=failing"
    old_item = admin_client.get(f"/admin/articles/sourceitem/{source.pk}/change/")
    assert old_item["Location"] == f"/admin/intake/sourceitem/{source.pk}/change/"
    assert admin_client.get("/admin/sources/source/", follow=True).status_code == 200
    # Only the moved models are redirected: articles' own pages stay where they were.
    assert admin_client.get("/admin/articles/article/").status_code == 200
