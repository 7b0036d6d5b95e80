"""The operations dashboard: right numbers, SVG drawn on the server, staff only, escaped."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsdesk.articles.models import Article
from newsdesk.intake.models import Source, SourceItem
from newsdesk.ops import metrics
from tests.support.factories import make_article, make_item

pytestmark = pytest.mark.django_db


def _hour(now, hours_ago: int):
    return now.replace(minute=30, second=0, microsecond=0) - timedelta(hours=hours_ago)


def test_items_are_counted_in_their_hour() -> None:
    now = timezone.now()
    for hours_ago in (0, 0, 0, 2, 30):  # the last one is outside the 24 h window
        item = make_item()
        SourceItem.objects.filter(pk=item.pk).update(fetched_at=_hour(now, hours_ago))
    buckets = metrics.items_ingested_per_hour(24, now)
    assert len(buckets) == 24
    assert buckets[-1].value == 3 and buckets[-3].value == 1
    assert sum(b.value for b in buckets) == 4
    assert buckets[-1].start == now.replace(minute=0, second=0, microsecond=0)


def test_guard_pass_rate_per_day() -> None:
    now = timezone.now()
    passed = [make_article(f"ok {n}") for n in range(3)]
    failed = make_article("failed", status="review")
    Article.objects.filter(pk=failed.pk).update(guard_passed=False)
    # Stamped at `now` itself: created a moment after it, they would fall on the next day
    # (outside the window that ends with `now`'s) whenever the test straddles midnight.
    Article.objects.filter(pk__in=[a.pk for a in [*passed, failed]]).update(created_at=now)
    old = make_article("yesterday")
    Article.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=1))
    days = metrics.guard_pass_rate_per_day(14, now)
    assert len(days) == 14
    assert (days[-1].checked, days[-1].passed) == (len(passed) + 1, len(passed))
    assert days[-1].rate == pytest.approx(75.0)
    assert (days[-2].checked, days[-2].passed) == (1, 1)


def test_failing_sources_newest_first() -> None:
    now = timezone.now()
    Source.objects.create(name="Fine", kind="feed", location="https://a.example/feed",
                          last_status="ok", last_checked_at=now)
    Source.objects.create(name="Down", kind="feed", location="https://b.example/feed",
                          last_status="failed", last_error="HTTP 503",
                          last_checked_at=now - timedelta(hours=1))
    Source.objects.create(name="Half", kind="feed", location="https://c.example/feed",
                          last_status="partial", last_error="2 items unreadable",
                          last_checked_at=now)
    assert [s.name for s in metrics.failing_sources()] == ["Half", "Down"]


def test_llm_charts_wait_for_a_run_record_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(metrics, "LLM_RUN_MODEL", "articles.NoSuchModel")
    assert metrics.llm_per_hour() is None


@pytest.fixture
def staff_client() -> Client:
    user = User.objects.create_superuser("ops", "ops@example.org", "a-long-password-7")
    client = Client()
    client.force_login(user)
    return client


def test_dashboard_draws_svg_charts_for_staff(staff_client: Client) -> None:
    make_article("Counted story")
    Source.objects.create(name="<script>alert(1)</script> Feed", kind="feed",
                          location="https://x.example/feed", last_status="failed",
                          last_error="<b>refused</b>", last_checked_at=timezone.now())
    response = staff_client.get("/admin/operations/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg") >= 2
    assert "Items ingested per hour" in html and "Guard pass rate per day" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Feed" in html
    assert "<script>alert(1)" not in html and "<b>refused</b>" not in html
    assert "<rect" in html and "<script" not in html.split("<svg", 1)[1]
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")  # no CDN


def test_dashboard_is_linked_from_the_admin_index(staff_client: Client) -> None:
    assert 'href="/admin/operations/"' in staff_client.get("/admin/").content.decode()


def test_dashboard_is_staff_only() -> None:
    response = Client().get("/admin/operations/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    User.objects.create_user("reader", password="a-long-password-7")
    client = Client()
    client.force_login(User.objects.get(username="reader"))
    assert client.get("/admin/operations/").status_code == 302


def test_dashboard_queries_do_not_grow_with_the_data(staff_client: Client) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get("/admin/operations/").status_code == 200
        return len(queries)

    make_article("one")
    few = count()
    for n in range(15):
        make_article(f"more {n}")
        Source.objects.create(name=f"bad {n}", kind="feed", location=f"https://{n}.example/f",
                              last_status="failed", last_error="timeout")
    assert count() == few
