"""The whole conversation a Mastodon server has with newsdesk, over real sockets: the peer
finds the account by WebFinger, fetches the actor, sends a signed Follow (newsdesk fetches
its key), and receives the signed Accept, then Create, Update and Delete as articles are
published, changed and withdrawn — each signature checked by bovine, not by newsdesk."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

import pytest

from newsdesk.articles import workflow
from newsdesk.articles.models import Article
from newsdesk.channels.activitypub.models import Delivery, Follower
from tests.channels.activitypub.conftest import run_tasks
from tests.support.commit import committed
from tests.support.factories import make_article
from tests.support.fediverse_peer import LD_PROFILE_ACCEPT, MASTODON_FETCH_ACCEPT, Peer

pytestmark = pytest.mark.django_db(transaction=True)


def _discover_and_follow(peer: Peer, site: str) -> dict[str, Any]:
    host = urlsplit(site).netloc
    finger = peer.webfinger(site, f"acct:news@{host}")
    assert finger.status_code == 200
    assert finger.headers["content-type"].startswith("application/jrd+json")
    assert finger.json()["subject"] == f"acct:news@{host}"
    actor_url = next(link["href"] for link in finger.json()["links"] if link["rel"] == "self")
    actor: dict[str, Any] = peer.fetch(actor_url).json()
    follow = peer.follow_activity(actor["id"])
    answer = peer.post(actor["inbox"], follow)
    assert answer.status_code == 202, answer.text
    return actor


def test_a_mastodon_user_finds_and_follows_the_site(peer: Peer, site: str) -> None:
    host = urlsplit(site).netloc  # 127.0.0.1 or localhost, with the live server's port
    finger = peer.webfinger(site, f"acct:news@{host}")
    assert finger.status_code == 200
    links = {link["rel"]: link for link in finger.json()["links"]}
    actor_url = links["self"]["href"]
    assert links["self"]["type"] == "application/activity+json"
    assert actor_url == f"{site}/ap/actors/news"

    for accept in (MASTODON_FETCH_ACCEPT, LD_PROFILE_ACCEPT):
        fetched = peer.fetch(actor_url, accept=accept)
        assert fetched.status_code == 200
        assert "Accept" in fetched.headers["vary"]
        actor = fetched.json()
        assert actor["type"] == "Service" and actor["preferredUsername"] == "news"
        assert actor["name"] == "Harlow News" and actor["url"] == f"{site}/"
        assert actor["publicKey"]["owner"] == actor_url
        assert "PRIVATE" not in fetched.text
    assert fetched.headers["content-type"].startswith("application/ld+json")

    follow = peer.follow_activity(actor_url)
    answer = peer.post(actor["inbox"], follow)
    assert answer.status_code == 202, answer.text
    # newsdesk fetched the follower's key as Mastodon serves it, asking for JSON.
    key_fetch = [headers for path, headers in peer.served if path == "/users/alice"]
    assert key_fetch and "application/activity+json" in key_fetch[0]["Accept"]
    assert Follower.objects.get(actor="news").uri == peer.actor_id

    assert peer.received == []  # the Accept goes from the task queue, not the request
    run_tasks()
    [accepted] = peer.received
    assert accepted.path == "/users/alice/inbox"  # a Follow's answer goes to its own inbox
    assert accepted.verified_owner == actor_url  # bovine checked newsdesk's signature
    assert accepted.activity["type"] == "Accept"
    assert accepted.activity["object"]["id"] == follow["id"]
    assert accepted.headers["digest"].startswith("SHA-256=")

    # The browser asking for the same actor URL gets the site's front page.
    browser = peer.fetch(actor_url, accept="text/html,application/xhtml+xml,*/*;q=0.8")
    assert browser.status_code == 302 and browser.headers["location"] == f"{site}/"


def test_followers_hear_of_publish_update_and_withdraw(peer: Peer, site: str) -> None:
    actor = _discover_and_follow(peer, site)
    run_tasks()
    peer.received.clear()

    article = make_article("Dunmore water rates rise")
    run_tasks()
    [create] = peer.received
    assert create.path == "/inbox"  # the follower's server offered a shared inbox
    assert create.verified_owner == actor["id"]
    activity = create.activity
    assert activity["type"] == "Create" and activity["actor"] == actor["id"]
    obj = activity["object"]
    assert obj["type"] == "Article" and obj["name"] == "Dunmore water rates rise"
    assert obj["attributedTo"] == actor["id"]
    assert obj["url"] == f"{site}/articles/{article.slug}/"
    assert "https://www.w3.org/ns/activitystreams#Public" in activity["to"]
    # The public representation: sources as links, never the raw marker text.
    assert 'href="https://gazette.dunmore.example/' in obj["content"]
    assert "[Source: Dunmore Gazette]</a>" in obj["content"]
    assert "<script" not in obj["content"]
    assert obj["summary"]
    fetched = peer.fetch(obj["id"]).json()
    assert fetched["id"] == obj["id"] and fetched["name"] == obj["name"]

    with committed(), workflow.changing(article):
        article.headline = "Dunmore water rates rise by 4.5%"
        article.save()
    run_tasks()
    update = peer.received[-1]
    assert update.verified_owner == actor["id"]
    assert update.activity["type"] == "Update"
    assert update.activity["object"]["id"] == obj["id"]
    assert update.activity["object"]["name"] == "Dunmore water rates rise by 4.5%"

    with committed():
        workflow.reject(Article.objects.get(pk=article.pk), None, "withdrawn")
    run_tasks()
    delete = peer.received[-1]
    assert delete.verified_owner == actor["id"]
    assert delete.activity["type"] == "Delete"
    assert delete.activity["object"] == {"id": obj["id"], "type": "Tombstone"}
    gone = peer.fetch(obj["id"])
    assert gone.status_code == 410 and gone.json()["type"] == "Tombstone"
    assert [r.activity["type"] for r in peer.received] == ["Create", "Update", "Delete"]
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}


def test_undo_follow_stops_deliveries(peer: Peer, site: str) -> None:
    actor = _discover_and_follow(peer, site)
    follow = json.loads(bytes(Delivery.objects.get().activity.body))["object"]
    answer = peer.post(actor["inbox"], peer.undo_activity(follow))
    assert answer.status_code == 202
    assert not Follower.objects.exists()
    run_tasks()
    peer.received.clear()
    make_article("Nobody is told of this one")
    run_tasks()
    assert peer.received == []
