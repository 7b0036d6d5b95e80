"""A feed of teasers, read again and again: each page is fetched once per teaser, and a
page that fails later never replaces the stored article with its teaser."""

from __future__ import annotations

import pytest

from newsdesk.intake.models import FetchAttempt, Source, SourceItem
from newsdesk.intake.services import refresh_source
from tests.loopback import Loopback, Route, loopback_server
from tests.reader.test_pages import ARTICLE, PARAGRAPHS

pytestmark = pytest.mark.django_db


def _feed(server: Loopback, teasers: dict[str, str]) -> Route:
    entries = "".join(
        f"<item><title>Story {path}</title><link>{server.url(path)}</link>"
        f"<guid>{server.url(path)}</guid><description>{teaser}</description></item>"
        for path, teaser in teasers.items()
    )
    body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour</title>' \
           f"<link>{server.url('/')}</link><description>d</description>{entries}" \
           "</channel></rss>"
    return Route(body.encode(), headers={"Content-Type": "application/rss+xml"})


def _page_hits(server: Loopback, path: str) -> int:
    return sum(1 for hit, _ in server.hits if hit == path)


def test_each_teaser_reads_its_page_once_and_a_failing_page_keeps_the_stored_text() -> None:
    html = {"Content-Type": "text/html; charset=utf-8"}
    tides = ARTICLE.replace("morning ferry", "morning tide boat")  # another story's page
    routes = {"/robots.txt": Route(b"", status=404),
              "/ferry": Route(ARTICLE.encode(), headers=html),
              "/tides": Route(tides.encode(), headers=html)}
    with loopback_server(routes) as server:
        routes["/feed.xml"] = _feed(server, {"/ferry": "The ferry leaves earlier."})
        source = Source.objects.create(name="Harbour", kind=Source.Kind.FEED,
                                       location=server.url("/feed.xml"))
        refresh_source(source.pk)
        ferry = SourceItem.objects.get()
        assert all(p in ferry.text for p in PARAGRAPHS)  # completed from its page
        assert _page_hits(server, "/ferry") == 1

        # The feed gains an entry: only the new teaser's page is read.
        routes["/feed.xml"] = _feed(server, {"/ferry": "The ferry leaves earlier.",
                                             "/tides": "New tide tables apply."})
        refresh_source(source.pk)
        assert (_page_hits(server, "/ferry"), _page_hits(server, "/tides")) == (1, 1)
        attempt = FetchAttempt.objects.latest("id")
        assert (attempt.items_new, attempt.items_unchanged) == (1, 1)

        # The ferry teaser is edited and its page now fails: the article text stays,
        # and the item is not sent back to be rewritten from a teaser.
        SourceItem.objects.update(status=SourceItem.Status.DONE)
        routes["/ferry"] = Route(b"down", status=503)
        routes["/feed.xml"] = _feed(server, {"/ferry": "The ferry now leaves earlier.",
                                             "/tides": "New tide tables apply."})
        refresh_source(source.pk)
        assert _page_hits(server, "/ferry") == 2
    ferry.refresh_from_db()
    assert all(p in ferry.text for p in PARAGRAPHS)
    assert ferry.status == SourceItem.Status.DONE
    attempt = FetchAttempt.objects.latest("id")
    assert (attempt.outcome, attempt.items_updated, attempt.items_unchanged) == ("ok", 0, 2)


def test_a_teaser_whose_page_never_loaded_is_still_updated_by_the_feed() -> None:
    routes = {"/robots.txt": Route(b"", status=404), "/ferry": Route(b"gone", status=404)}
    with loopback_server(routes) as server:
        routes["/feed.xml"] = _feed(server, {"/ferry": "The ferry leaves earlier."})
        source = Source.objects.create(name="Harbour", kind=Source.Kind.FEED,
                                       location=server.url("/feed.xml"))
        refresh_source(source.pk)
        routes["/feed.xml"] = _feed(server, {"/ferry": "The ferry leaves ten minutes earlier."})
        refresh_source(source.pk)
        assert _page_hits(server, "/ferry") == 2  # no page text yet: it is tried again
    item = SourceItem.objects.get()
    assert item.text == "The ferry leaves ten minutes earlier." and item.teaser_hash == ""
