"""Every read of a source is recorded; a failing source is visible and scheduled again."""

from __future__ import annotations

import pytest
from django.utils import timezone

from newsdesk.intake.models import FetchAttempt, Source
from newsdesk.intake.services import refresh_source
from tests.loopback import Route, loopback_server
from tests.site.test_feed_ingest import RSS
from tests.support.options import OptionsOverride

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _declared_refresh_limits(options: OptionsOverride) -> None:
    """The backoff these tests expect is the declared one, whatever the environment says."""
    options.set(NEWSDESK_REFRESH_MIN_SECONDS=300, NEWSDESK_REFRESH_MAX_SECONDS=86400)


def feed_source(url: str) -> Source:
    return Source.objects.create(name="Harbour", kind=Source.Kind.FEED, location=url,
                                 check_interval=3600)


def test_success_304_and_failures_are_each_recorded() -> None:
    routes = {"/feed.xml": Route(RSS, headers={"Content-Type": "application/rss+xml"},
                                 etag='"v1"')}
    with loopback_server(routes) as server:
        source = feed_source(server.url("/feed.xml"))
        refresh_source(source.pk)
        refresh_source(source.pk)  # 304
        routes["/feed.xml"] = Route(b"down for maintenance", status=500)
        source.refresh_from_db()
        source.etag = ""
        source.save()
        before = timezone.now()
        refresh_source(source.pk)
        refresh_source(source.pk)

    ok, not_modified, failed1, failed2 = FetchAttempt.objects.order_by("id")
    assert failed2.outcome == "failed" and failed2.error_kind == "http_status"
    assert (ok.outcome, ok.http_status, ok.items_new, ok.items_failed) == ("ok", 200, 2, 0)
    assert ok.bytes == len(RSS) and ok.duration_ms >= 0
    assert (not_modified.outcome, not_modified.http_status, not_modified.items_new) == (
        "not_modified", 304, 0)
    assert (failed1.outcome, failed1.error_kind, failed1.http_status) == (
        "failed", "http_status", 500)
    assert "500" in failed1.message

    source.refresh_from_db()
    assert source.last_status == Source.Status.FAILED
    assert source.consecutive_failures == 2 and source.last_error_kind == "http_status"
    assert "500" in source.last_error
    # Second failure in a row: 2 x the minimum before the next try, never silently dropped.
    assert source.next_check_at is not None
    wait = (source.next_check_at - before).total_seconds()
    assert 600 <= wait <= 600 + 60


def test_an_oversized_feed_is_logged_with_how_much_was_read(options: OptionsOverride) -> None:
    options.set(NEWSDESK_FETCH_MAX_BYTES=4096)
    # No Content-Length gives the size away: the reader must stop by itself.
    endless = Route(b"<rss>" + b"x" * 200_000, headers={"Content-Type": "application/rss+xml"},
                    declare_length=False)
    with loopback_server({"/big.xml": endless}) as server:
        source = feed_source(server.url("/big.xml"))
        refresh_source(source.pk)
    attempt = FetchAttempt.objects.get()
    assert (attempt.outcome, attempt.error_kind) == ("failed", "too_large")
    assert 4096 < attempt.bytes < 200_000


def test_a_junk_retry_after_is_ignored_and_the_failure_still_recorded() -> None:
    routes = {"/f": Route(b"busy", status=503, headers={"Retry-After": "inf"})}
    with loopback_server(routes) as server:
        source = feed_source(server.url("/f"))
        refresh_source(source.pk)
    attempt = FetchAttempt.objects.get()
    assert (attempt.outcome, attempt.http_status, attempt.retry_after) == ("failed", 503, None)


def test_recovery_resets_the_failure_count() -> None:
    routes = {"/f": Route(b"nope", status=503)}
    with loopback_server(routes) as server:
        source = feed_source(server.url("/f"))
        refresh_source(source.pk)
        routes["/f"] = Route(RSS, headers={"Content-Type": "application/rss+xml"})
        refresh_source(source.pk)
    source.refresh_from_db()
    assert source.consecutive_failures == 0 and source.last_status == Source.Status.OK
    assert source.last_error == "" and source.last_new_item_at is not None


def test_a_bug_while_reading_is_recorded_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    source = Source.objects.create(name="Folder", kind=Source.Kind.FILES, location="/tmp/x")

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("parser bug")

    monkeypatch.setattr("newsdesk.intake.services._read_files", explode)
    report = refresh_source(source.pk)
    assert report is not None and report.error_kind == "internal"
    attempt = FetchAttempt.objects.get()
    assert attempt.outcome == "failed" and "parser bug" in attempt.message


def test_missing_source_is_not_an_error() -> None:
    assert refresh_source(999_999) is None
