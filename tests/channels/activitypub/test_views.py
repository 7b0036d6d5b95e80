"""Discovery and the JSON documents, asked as Mastodon and as a browser asks; the admin
and the command that list and remove followers; the private key kept out of sight."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from newsdesk.articles import workflow
from newsdesk.articles.models import Section
from newsdesk.channels.activitypub.models import ActorKey, Follower
from tests.support.commit import committed
from tests.support.factories import make_article
from tests.support.fediverse_peer import (
    LD_PROFILE_ACCEPT,
    MASTODON_FETCH_ACCEPT,
    MASTODON_WEBFINGER_ACCEPT,
)
from tests.support.options import OptionsOverride

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"
AP = {"Accept": MASTODON_FETCH_ACCEPT}


def _finger(client: Client, resource: str) -> Any:
    return client.get("/.well-known/webfinger", {"resource": resource},
                      headers={"Accept": MASTODON_WEBFINGER_ACCEPT})


def test_webfinger_names_the_actor(client: Client) -> None:
    response = _finger(client, "acct:news@127.0.0.1:8000")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/jrd+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    assert data["subject"] == "acct:news@127.0.0.1:8000"
    assert {"rel": "self", "type": "application/activity+json",
            "href": f"{SITE}/ap/actors/news"} in data["links"]
    # The actor's own id names it too, as Mastodon checks an account back.
    assert _finger(client, f"{SITE}/ap/actors/news").json()["subject"] == data["subject"]


def test_webfinger_host_comes_from_the_site_url(client: Client,
                                                options: OptionsOverride) -> None:
    options.set(NEWSDESK_SITE_URL="https://news.example.test", NEWSDESK_AP_USERNAME="desk")
    data = _finger(client, "acct:desk@news.example.test").json()
    assert data["subject"] == "acct:desk@news.example.test"
    assert data["links"][0]["href"] == "https://news.example.test/ap/actors/desk"
    assert _finger(client, "acct:news@news.example.test").status_code == 404
    assert _finger(client, "acct:desk@elsewhere.example").status_code == 404


def test_webfinger_without_a_resource_is_a_bad_request(client: Client) -> None:
    assert client.get("/.well-known/webfinger").status_code == 400


def test_host_meta_points_at_webfinger(client: Client) -> None:
    response = client.get("/.well-known/host-meta")
    assert response["Content-Type"].startswith("application/xrd+xml")
    assert (f'template="{SITE}/.well-known/webfinger?resource={{uri}}"'
            in response.content.decode())


def test_nodeinfo_tells_what_this_is(client: Client) -> None:
    make_article("Harbour reopens")
    links = client.get("/.well-known/nodeinfo").json()["links"]
    assert [link["href"] for link in links] == [f"{SITE}/nodeinfo/2.1", f"{SITE}/nodeinfo/2.0"]
    for version in ("2.1", "2.0"):
        response = client.get(f"/nodeinfo/{version}")
        assert f"schema/{version}#" in response["Content-Type"]
        data = response.json()
        assert data["version"] == version and data["software"]["name"] == "newsdesk"
        assert data["protocols"] == ["activitypub"]
        assert data["usage"]["localPosts"] == 1 and data["openRegistrations"] is False
    assert client.get("/nodeinfo/9.9").status_code == 404


def test_the_actor_document_is_public_and_its_key_stays_home(client: Client) -> None:
    first = client.get("/ap/actors/news", headers=AP)
    assert first["Content-Type"] == "application/activity+json"
    actor = first.json()
    assert actor["inbox"] == f"{SITE}/ap/actors/news/inbox"
    assert actor["outbox"] == f"{SITE}/ap/actors/news/outbox"
    assert actor["followers"] == f"{SITE}/ap/actors/news/followers"
    assert actor["endpoints"]["sharedInbox"] == f"{SITE}/ap/inbox"
    assert actor["icon"]["url"].startswith(SITE) and actor["summary"]
    assert actor["publicKey"]["id"] == f"{SITE}/ap/actors/news#main-key"
    assert actor["publicKey"]["publicKeyPem"].startswith("-----BEGIN PUBLIC KEY-----")
    # Generated once: asked again, the same key.
    again = client.get("/ap/actors/news", headers={"Accept": LD_PROFILE_ACCEPT}).json()
    assert again["publicKey"] == actor["publicKey"] and ActorKey.objects.count() == 1
    assert "PRIVATE KEY" not in first.content.decode()
    assert "PRIVATE" not in repr(ActorKey.objects.get()) + str(ActorKey.objects.get())


@pytest.mark.parametrize("accept", ["text/html,application/xhtml+xml,*/*;q=0.8", "*/*", ""])
def test_a_browser_is_sent_to_the_page(client: Client, accept: str) -> None:
    response = client.get("/ap/actors/news", headers={"Accept": accept})
    assert response.status_code == 302 and response["Location"] == f"{SITE}/"
    assert "Accept" in response["Vary"]


def test_section_actors_only_where_enabled(client: Client, options: OptionsOverride) -> None:
    Section.objects.create(name="Politics", slug="politics")
    Section.objects.create(name="Sport", slug="sport")
    assert client.get("/ap/actors/politics", headers=AP).status_code == 404
    assert _finger(client, "acct:politics@127.0.0.1:8000").status_code == 404
    options.set(NEWSDESK_AP_SECTIONS=["politics"])
    actor = client.get("/ap/actors/politics", headers=AP).json()
    assert actor["url"] == f"{SITE}/sections/politics/"
    assert _finger(client, "acct:politics@127.0.0.1:8000").status_code == 200
    assert client.get("/ap/actors/sport", headers=AP).status_code == 404
    options.set(NEWSDESK_AP_SECTIONS=["*"])
    assert client.get("/ap/actors/sport", headers=AP).status_code == 200


def test_the_outbox_pages_through_published_articles(client: Client,
                                                     options: OptionsOverride) -> None:
    now = timezone.now()
    for n in range(23):
        make_article(f"Story {n}", published_at=now - timedelta(minutes=n))
    make_article("Draft", status="draft")
    make_article("Embargoed", published_at=now + timedelta(hours=1))
    outbox = client.get("/ap/actors/news/outbox", headers=AP).json()
    assert outbox["type"] == "OrderedCollection" and outbox["totalItems"] == 23
    first = client.get("/ap/actors/news/outbox?page=1", headers=AP).json()
    assert first["type"] == "OrderedCollectionPage" and len(first["orderedItems"]) == 20
    assert first["orderedItems"][0]["type"] == "Create"
    assert first["orderedItems"][0]["object"]["name"] == "Story 0"  # newest first
    second = client.get(first["next"].removeprefix(SITE), headers=AP).json()
    assert [i["object"]["name"] for i in second["orderedItems"]] == [
        "Story 20", "Story 21", "Story 22"]
    assert "next" not in second and second["prev"] == f"{SITE}/ap/actors/news/outbox?page=1"
    assert client.get("/ap/actors/news/outbox?page=9", headers=AP).status_code == 404
    assert client.get("/ap/actors/news/outbox?page=x", headers=AP).status_code == 404


def test_an_article_object_only_while_public(client: Client) -> None:
    article = make_article("Harbour reopens")
    url = f"/ap/actors/news/articles/{article.pk}"
    obj = client.get(url, headers=AP).json()
    assert obj["type"] == "Article" and obj["url"] == f"{SITE}/articles/{article.slug}/"
    assert "[Source:" not in obj["content"].replace("[Source: Dunmore Gazette]</a>", "")
    browser = client.get(url)
    assert browser.status_code == 302 and browser["Location"].endswith(f"/{article.slug}/")
    draft = make_article("Not yet", status="draft")
    assert client.get(f"/ap/actors/news/articles/{draft.pk}", headers=AP).status_code == 404
    with committed():
        workflow.reject(article, None)
    assert client.get(url, headers=AP).status_code == 404  # never announced: no tombstone


def test_followers_collection_counts_without_naming(client: Client) -> None:
    Follower.objects.create(actor="news", uri="https://m.example/users/a",
                            inbox="https://m.example/users/a/inbox")
    data = client.get("/ap/actors/news/followers", headers=AP).json()
    assert data["totalItems"] == 1 and "orderedItems" not in data


def test_switched_off_everything_is_gone(client: Client, options: OptionsOverride) -> None:
    options.set(NEWSDESK_AP_ENABLED=False)
    for path in ("/.well-known/webfinger?resource=acct:news@127.0.0.1:8000",
                 "/.well-known/host-meta", "/.well-known/nodeinfo", "/nodeinfo/2.1",
                 "/ap/actors/news", "/ap/actors/news/outbox"):
        assert client.get(path, headers=AP).status_code == 404, path


def test_the_command_lists_and_removes_followers() -> None:
    Follower.objects.create(actor="news", uri="https://m.example/users/a",
                            inbox="https://m.example/users/a/inbox",
                            shared_inbox="https://m.example/inbox")
    out = StringIO()
    call_command("activitypub", "followers", stdout=out)
    assert "https://m.example/users/a\thttps://m.example/inbox" in out.getvalue()
    assert "1 follower(s)" in out.getvalue()
    call_command("activitypub", "remove", "https://m.example/users/a", stdout=StringIO())
    assert not Follower.objects.exists()
    with pytest.raises(CommandError, match="no follower"):
        call_command("activitypub", "remove", "https://m.example/users/a")


def test_the_admin_lists_followers_and_never_a_key(admin_client: Client) -> None:
    Follower.objects.create(actor="news", uri="https://m.example/users/a",
                            inbox="https://m.example/users/a/inbox")
    admin_client.get("/ap/actors/news", headers=AP)  # the key now exists
    page = admin_client.get("/admin/activitypub/follower/")
    assert page.status_code == 200 and "https://m.example/users/a" in page.content.decode()
    assert admin_client.get("/admin/activitypub/actorkey/").status_code == 404
    index = admin_client.get("/admin/").content.decode()
    assert "Followers" in index and "Actor key" not in index


def test_newsdesk_config_shows_no_key() -> None:
    out = StringIO()
    call_command("config", stdout=out)
    assert "NEWSDESK_AP_USERNAME" in out.getvalue() and "PRIVATE" not in out.getvalue()


def test_every_page_leads_a_fediverse_search_to_the_actor(client: Client,
                                                          options: OptionsOverride) -> None:
    """Mastodon, given the site's address, fetches it asking for JSON; the page answers
    HTML, and Mastodon follows its activity+json alternate link."""
    page = client.get("/", headers=AP).content.decode()
    assert '<link rel="alternate" type="application/activity+json" href="/ap/actors/news">' in page
    options.set(NEWSDESK_AP_ENABLED=False)
    cache.clear()  # options are read at start; a restart begins with pages rendered anew
    assert "application/activity+json" not in client.get("/").content.decode()
