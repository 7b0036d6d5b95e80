"""newsdesk's own feeds as a WebSub publisher: every copy names the hubs and itself, and a
change to a feed is pinged to each hub, after commit, retried, never before an embargo."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from newsdesk.articles.models import Section
from newsdesk.channels.websub.models import HubPing
from tests.channels.websub.conftest import Hub, run_tasks
from tests.support.factories import make_article
from tests.support.options import OptionsOverride

SITE = "https://news.example.test"
HUBS = ["https://hub.example.test/", "https://hub2.example.test/publish"]
FEEDS = ["/feeds/rss.xml", "/feeds/atom.xml", "/feeds/sections/local/rss.xml",
         "/feeds/sections/local/atom.xml"]


@pytest.fixture
def site(options: OptionsOverride) -> OptionsOverride:
    options.set(NEWSDESK_SITE_URL=SITE)
    return options


@pytest.mark.django_db
@pytest.mark.parametrize("path", FEEDS)
def test_every_feed_names_its_hubs_and_itself(site: OptionsOverride, client: Client,
                                              path: str) -> None:
    Section.objects.create(name="Local", slug="local")
    site.set(NEWSDESK_WEBSUB_HUBS=HUBS)
    answer = client.get(path)
    text = answer.content.decode()
    element = "atom:link" if "rss" in path else "link"
    for hub in HUBS:
        assert f'<{element} href="{hub}" rel="hub"/>' in text
    assert re.search(rf'<{element} href="{re.escape(SITE + path)}" rel="self"', text) or \
        re.search(rf'<{element} rel="self" href="{re.escape(SITE + path)}"', text)
    assert answer["Link"] == (f'<{HUBS[0]}>; rel="hub", <{HUBS[1]}>; rel="hub", '
                              f'<{SITE}{path}>; rel="self"')


@pytest.mark.django_db
def test_a_cached_feed_follows_the_hubs_and_a_304_keeps_the_header(
        site: OptionsOverride, client: Client) -> None:
    make_article("Harbour bridge reopens")
    plain = client.get("/feeds/rss.xml")
    assert 'rel="hub"' not in plain.content.decode() and "Link" not in plain
    site.set(NEWSDESK_WEBSUB_HUBS=HUBS[:1])  # a restart with a hub: no stale copy served
    pushed = client.get("/feeds/rss.xml")
    assert f'<atom:link href="{HUBS[0]}" rel="hub"/>' in pushed.content.decode()
    again = client.get("/feeds/rss.xml", HTTP_IF_NONE_MATCH=pushed["ETag"])
    assert again.status_code == 304
    assert again["Link"] == pushed["Link"]


@pytest.mark.django_db(transaction=True)  # the worker closes its connection
def test_a_publication_pings_each_hub_for_each_feed_it_changes(
        site: OptionsOverride, hub: Hub) -> None:
    site.set(NEWSDESK_WEBSUB_HUBS=[hub.url])
    local = Section.objects.create(name="Local", slug="local")
    article = make_article("Ferry timetable changes")
    article.section = local
    from newsdesk.articles import workflow

    with workflow.changing(article):
        article.save()
    hub.requests.clear()
    run_tasks()
    topics = sorted(r["hub.url"] for r in hub.requests)
    assert topics == sorted(f"{SITE}{path}" for path in FEEDS)
    for request in hub.requests:
        assert request == {"hub.mode": "publish", "hub.url": request["hub.url"],
                           "hub.topic": request["hub.url"]}
    assert HubPing.objects.filter(hub=hub.url, pinged_at__isnull=False).count() == 4


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_publications_is_told_once(site: OptionsOverride, hub: Hub) -> None:
    site.set(NEWSDESK_WEBSUB_HUBS=[hub.url])
    for n in range(3):
        make_article(f"Council story number {n}")
    assert DBTaskResult.objects.filter(task_path__endswith="ping_task").count() == 3
    run_tasks()
    # One ping per feed: the first told the hub after every change had happened.
    assert sorted(r["hub.url"] for r in hub.requests) == [f"{SITE}/feeds/atom.xml",
                                                          f"{SITE}/feeds/rss.xml"]


@pytest.mark.django_db(transaction=True)
def test_a_failed_ping_is_retried_later(site: OptionsOverride, hub: Hub) -> None:
    site.set(NEWSDESK_WEBSUB_HUBS=[hub.url])
    hub.status = 503
    make_article("Storm closes the harbour")
    run_tasks()
    assert len(hub.requests) == 2
    row = HubPing.objects.get(topic=f"{SITE}/feeds/rss.xml")
    assert (row.attempts, row.last_status, row.pinged_at) == (1, 503, None)
    assert row.last_error == "answered 503 Service Unavailable"
    [retry] = DBTaskResult.objects.filter(task_path__endswith="ping_task", status="READY")
    assert retry.args_kwargs["args"][2] == 2  # the second attempt
    assert retry.run_after > timezone.now() + timedelta(seconds=50)

    hub.status = 202
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_tasks()
    row.refresh_from_db()
    assert row.pinged_at is not None and row.attempts == 0 and row.last_error == ""


@pytest.mark.django_db(transaction=True)
def test_an_embargoed_article_is_pinged_when_it_falls_due(site: OptionsOverride,
                                                          hub: Hub) -> None:
    site.set(NEWSDESK_WEBSUB_HUBS=[hub.url])
    at = timezone.now() + timedelta(hours=3)
    make_article("Budget under embargo", published_at=at)
    run_tasks()
    assert hub.requests == []
    [queued] = DBTaskResult.objects.filter(task_path__endswith="ping_task")
    assert queued.run_after == at


@pytest.mark.django_db(transaction=True)
def test_without_hubs_nothing_is_pinged(site: OptionsOverride) -> None:
    make_article("Quiet news day")
    assert not DBTaskResult.objects.filter(task_path__endswith="ping_task").exists()
