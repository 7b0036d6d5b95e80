"""Ingesting an RSS/Atom feed URL from a real server on 127.0.0.1."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from newsdesk.intake.models import Source, SourceItem
from newsdesk.intake.services import ingest_target
from tests.loopback import Route, loopback_server

pytestmark = pytest.mark.django_db

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>Skellan Harbour Authority</title><link>https://harbour.skellan.example/</link>
<description>Releases</description>
<item><title>Berth 7 opens</title><link>https://harbour.skellan.example/berth-7</link>
<guid isPermaLink="false">harbour-1</guid><pubDate>Mon, 16 Nov 2026 09:00:00 GMT</pubDate>
<description>&lt;p&gt;Berth No. 7 opened on Monday after 14 months of work.&lt;/p&gt;
&lt;p&gt;"It doubles what we can handle," said harbour master Oona Reyes.&lt;/p&gt;</description>
</item>
<item><title>Dredging resumes</title>
<link>https://harbour.skellan.example/dredging</link>
<guid isPermaLink="false">harbour-2</guid><pubDate>Tue, 17 Nov 2026 10:30:00 GMT</pubDate>
<description>Dredging of the outer channel resumes on 1 December at a cost of
$3.2 million.</description>
</item></channel></rss>"""


def test_feed_items_are_stored_once_and_304_costs_nothing() -> None:
    routes = {"/feed.xml": Route(RSS, headers={"Content-Type": "application/rss+xml"},
                                 etag='"v1"')}
    with loopback_server(routes) as server:
        first = ingest_target(server.url("/feed.xml"))
        assert first.counts["new"] == 2, first
        item = SourceItem.objects.get(key="harbour-1")
        assert "14 months" in item.text and "<p>" not in item.text
        assert item.url == "https://harbour.skellan.example/berth-7"
        assert item.published_at is not None and item.published_at.day == 16
        second = ingest_target(server.url("/feed.xml"))
        assert second.not_modified
        assert server.hits[-1][1].get("If-None-Match") == '"v1"'
        routes["/feed.xml"].etag = ""
        third = ingest_target(server.url("/feed.xml"))
        assert third.counts["unchanged"] == 2
    assert SourceItem.objects.count() == 2
    assert Source.objects.get().last_status == Source.Status.OK


def test_malformed_feed_fails_clearly_and_is_recorded() -> None:
    routes = {"/page": Route(b"<html><body><p>Not a feed at all</p></body></html>",
                             headers={"Content-Type": "text/html"}),
              "/gone": Route(b"missing", status=500)}
    with loopback_server(routes) as server:
        report = ingest_target(server.url("/page"))
        assert report.fatal and server.url("/page") in report.fatal
        gone = ingest_target(server.url("/gone"))
        assert gone.fatal and "500" in gone.fatal
    failed = Source.objects.get(location=server.url("/page"))
    assert failed.last_status == Source.Status.FAILED and failed.last_error


def test_ingest_command_exits_non_zero_when_every_target_fails() -> None:
    with loopback_server({}) as server, pytest.raises(CommandError, match="every target failed"):
        call_command("ingest", server.url("/nothing.xml"), "/no/such/folder", quiet=True)
