"""Reading an address a person gives: a feed is read as it is; a site's page subscribes to
the feed it advertises; either way the address is fetched once."""

from __future__ import annotations

import pytest

from newsdesk.intake.models import FetchAttempt, Source, SourceItem
from newsdesk.intake.services import ingest_target
from tests.loopback import Route, loopback_server
from tests.support.feeds import rss_feed

pytestmark = pytest.mark.django_db

PAGE = (b'<!doctype html><html><head><title>Harbour Gazette</title>'
        b'<link rel="alternate" type="application/rss+xml" title="News" href="/news/feed.xml">'
        b'<link rel="alternate" type="application/atom+xml" title="Comments" '
        b'href="/comments.atom"></head><body><h1>Harbour Gazette</h1></body></html>')
HTML = {"Content-Type": "text/html; charset=utf-8"}
RSS = {"Content-Type": "application/rss+xml"}


def paths(hits: list[tuple[str, dict[str, str]]]) -> list[str]:
    return [path for path, _ in hits]


def test_a_site_address_subscribes_to_the_feed_its_page_advertises() -> None:
    routes = {"/": Route(PAGE, headers=HTML),
              "/news/feed.xml": Route(rss_feed(3, seed=7), headers=RSS, etag='"n1"')}
    with loopback_server(routes) as server:
        report = ingest_target(server.url("/"), outlet="Harbour Gazette")
        feed = server.url("/news/feed.xml")
        assert report.target == feed and report.found_on == server.url("/")
        assert report.counts["new"] == 3 and not report.fatal
        assert paths(server.hits) == ["/", "/news/feed.xml"]

        source = Source.objects.get()  # the feed, not the page, is what gets refreshed
        assert (source.location, source.kind, source.outlet) == (
            feed, Source.Kind.FEED, "Harbour Gazette")
        assert source.name == "Generated 7" and source.etag == '"n1"'
        assert SourceItem.objects.filter(source=source).count() == 3
        assert FetchAttempt.objects.get(source=source).items_new == 3

        # Given again, the page leads to the same source, read conditionally.
        again = ingest_target(server.url("/"))
        assert again.target == feed and again.not_modified
        assert Source.objects.count() == 1
        assert server.hits[-1][1].get("If-None-Match") == '"n1"'


def test_a_new_feed_address_is_fetched_once() -> None:
    routes = {"/feed.xml": Route(rss_feed(2, seed=8), headers=HTML)}  # a feed labelled HTML
    with loopback_server(routes) as server:
        report = ingest_target(server.url("/feed.xml"))
        assert report.counts["new"] == 2 and report.found_on == ""
        assert paths(server.hits) == ["/feed.xml"]
    attempt = FetchAttempt.objects.get()
    assert attempt.outcome == FetchAttempt.Outcome.OK and attempt.http_status == 200
    assert attempt.bytes == len(routes["/feed.xml"].body)


def test_a_page_without_feeds_fails_as_a_feed_would_and_is_fetched_once() -> None:
    routes = {"/": Route(b"<!doctype html><html><body>No feeds here</body></html>",
                         headers=HTML)}
    with loopback_server(routes) as server:
        report = ingest_target(server.url("/"))
        assert paths(server.hits) == ["/"]
    assert report.error_kind == "malformed" and "not an RSS or Atom feed" in report.fatal
    attempt = FetchAttempt.objects.get(source__location=report.target)
    assert attempt.outcome == FetchAttempt.Outcome.FAILED


def test_a_new_address_that_fails_is_recorded_once_with_its_status() -> None:
    with loopback_server({"/down": Route(b"busy", status=503)}) as server:
        report = ingest_target(server.url("/down"))
        assert paths(server.hits) == ["/down"]
    assert report.fatal and report.http_status == 503
    source = Source.objects.get(location=report.target)
    assert source.last_status == Source.Status.FAILED and source.consecutive_failures == 1
    attempt = FetchAttempt.objects.get(source=source)
    assert attempt.http_status == 503 and attempt.duration_ms >= 0
