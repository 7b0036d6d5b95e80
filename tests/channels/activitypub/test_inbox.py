"""The inbox refuses every POST that is not properly signed, before anything changes.

The POSTs are the peer's, signed as Mastodon signs them (by bovine); newsdesk fetches the
peer's key from the peer over a real socket. Each refusal is checked against the same
request made properly, which is accepted, so a refusal is never the inbox refusing all.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.test import Client

from newsdesk.channels.activitypub.models import Activity, Delivery, Follower, RemoteKey
from tests.support.fediverse_peer import Peer
from tests.support.options import OptionsOverride

pytestmark = pytest.mark.django_db

SITE_ACTOR = "http://127.0.0.1:8000/ap/actors/news"  # the tests' NEWSDESK_SITE_URL
INBOX = "http://testserver/ap/actors/news/inbox"


def _post(client: Client, url: str, body: bytes, headers: dict[str, str]) -> Any:
    sent = {k: v for k, v in headers.items() if k != "Content-Type"}
    return client.post(url.removeprefix("http://testserver"), data=body,
                       content_type=headers.get("Content-Type", "application/activity+json"),
                       headers=sent)


def _signed(peer: Peer, client: Client, activity: dict[str, Any] | bytes,
            url: str = INBOX, **how: Any) -> Any:
    body = activity if isinstance(activity, bytes) else json.dumps(activity).encode()
    return _post(client, url, body, peer.signed_post_headers(url, body, **how))


def _nothing_changed() -> None:
    assert not Follower.objects.exists()
    assert not Activity.objects.exists() and not Delivery.objects.exists()


def test_a_signed_follow_is_accepted_and_answered(peer: Peer, client: Client) -> None:
    follow = peer.follow_activity(SITE_ACTOR)
    response = _signed(peer, client, follow)
    assert response.status_code == 202
    follower = Follower.objects.get()
    assert (follower.actor, follower.uri, follower.inbox, follower.shared_inbox) == (
        "news", peer.actor_id, peer.inbox, peer.shared_inbox)
    accept = Activity.objects.get()
    assert accept.kind == "Accept"
    assert json.loads(bytes(accept.body))["object"]["id"] == follow["id"]
    assert list(accept.deliveries.values_list("inbox", flat=True)) == [peer.inbox]


def test_the_shared_inbox_takes_a_follow_too(peer: Peer, client: Client) -> None:
    response = _signed(peer, client, peer.follow_activity(SITE_ACTOR),
                       url="http://testserver/ap/inbox")
    assert response.status_code == 202
    assert Follower.objects.get().actor == "news"


def test_an_unsigned_post_is_refused(peer: Peer, client: Client) -> None:
    body = json.dumps(peer.follow_activity(SITE_ACTOR)).encode()
    response = client.post("/ap/actors/news/inbox", data=body,
                           content_type="application/activity+json")
    assert response.status_code == 401
    assert peer.served == []  # no key was even looked for
    _nothing_changed()


def test_a_post_signed_with_another_key_is_refused(peer: Peer, client: Client) -> None:
    published = peer.public_pem
    peer.rotate_key()  # sign with a key the actor document does not publish ...
    body = json.dumps(peer.follow_activity(SITE_ACTOR)).encode()
    headers = peer.signed_post_headers(INBOX, body)
    peer.public_pem = published  # ... which still shows the old one
    assert _post(client, INBOX, body, headers).status_code == 401
    _nothing_changed()


def test_a_tampered_signature_is_refused(peer: Peer, client: Client) -> None:
    body = json.dumps(peer.follow_activity(SITE_ACTOR)).encode()
    headers = peer.signed_post_headers(INBOX, body)
    headers["Signature"] = headers["Signature"].replace('signature="', 'signature="AAAA', 1)
    assert _post(client, INBOX, body, headers).status_code == 401
    _nothing_changed()


def test_a_digest_of_another_body_is_refused(peer: Peer, client: Client) -> None:
    response = _signed(peer, client, peer.follow_activity(SITE_ACTOR),
                       digest_of=b'{"type": "Follow"}')
    assert response.status_code == 401
    assert peer.served == []
    _nothing_changed()


def test_a_body_changed_after_signing_is_refused(peer: Peer, client: Client) -> None:
    body = json.dumps(peer.follow_activity(SITE_ACTOR)).encode()
    headers = peer.signed_post_headers(INBOX, body)
    other = json.dumps(peer.follow_activity(SITE_ACTOR.replace("news", "other"))).encode()
    assert _post(client, INBOX, other, headers).status_code == 401
    _nothing_changed()


@pytest.mark.parametrize("offset", [timedelta(hours=-1), timedelta(minutes=-6),
                                    timedelta(minutes=6)])
def test_a_stale_or_future_date_is_refused(peer: Peer, client: Client,
                                           offset: timedelta) -> None:
    """A request captured and replayed later carries its old Date (and its valid
    signature): refused once the Date is more than five minutes off."""
    response = _signed(peer, client, peer.follow_activity(SITE_ACTOR),
                       date=datetime.now(UTC) + offset)
    assert response.status_code == 401
    assert b"off the clock" in response.content
    _nothing_changed()


@pytest.mark.parametrize("left_out", ["digest", "date", "host", "(request-target)"])
def test_a_signature_not_covering_what_it_must_is_refused(peer: Peer, client: Client,
                                                          left_out: str) -> None:
    response = _signed(peer, client, peer.follow_activity(SITE_ACTOR), without=(left_out,))
    assert response.status_code == 401
    _nothing_changed()


def test_a_signature_for_another_path_is_refused(peer: Peer, client: Client) -> None:
    body = json.dumps(peer.follow_activity(SITE_ACTOR)).encode()
    headers = peer.signed_post_headers("http://testserver/ap/inbox", body)
    assert _post(client, INBOX, body, headers).status_code == 401
    _nothing_changed()


@pytest.mark.parametrize("key_id", ["file:///etc/passwd#main-key",
                                    "http://127.0.0.1:9/" + "k" * 2100])
def test_a_key_id_that_is_no_fit_address_is_refused(peer: Peer, client: Client,
                                                     key_id: str) -> None:
    body = json.dumps(peer.follow_activity(SITE_ACTOR)).encode()
    headers = peer.signed_post_headers(INBOX, body)
    headers["Signature"] = headers["Signature"].replace(peer.key_id, key_id)
    assert _post(client, INBOX, body, headers).status_code == 401
    assert not RemoteKey.objects.exists()
    _nothing_changed()


def test_an_activity_in_someone_elses_name_is_refused(peer: Peer, client: Client) -> None:
    follow = peer.follow_activity(SITE_ACTOR)
    follow["actor"] = "http://127.0.0.1:9/users/mallory"
    assert _signed(peer, client, follow).status_code == 401
    _nothing_changed()


def test_an_oversized_post_is_refused_unread(peer: Peer, client: Client,
                                            options: OptionsOverride) -> None:
    options.set(NEWSDESK_AP_MAX_BODY_BYTES=2048)
    follow = peer.follow_activity(SITE_ACTOR)
    follow["padding"] = "x" * 4096
    response = _signed(peer, client, follow)
    assert response.status_code == 413
    assert peer.served == []
    _nothing_changed()
    del follow["padding"]
    assert _signed(peer, client, follow).status_code == 202  # under the cap it is read


def test_a_signed_body_that_is_not_an_activity_is_refused(peer: Peer, client: Client) -> None:
    assert _signed(peer, client, b"[1, 2, 3]").status_code == 400
    assert _signed(peer, client, b"{not json").status_code == 400
    assert _signed(peer, client, {"type": "Follow"}).status_code == 400
    _nothing_changed()


def test_a_follow_of_nobody_here_is_refused(peer: Peer, client: Client) -> None:
    response = _signed(peer, client, peer.follow_activity("http://127.0.0.1:8000/ap/actors/x"))
    assert response.status_code in (400, 404)
    _nothing_changed()


def test_other_activities_are_acknowledged_and_dropped(peer: Peer, client: Client) -> None:
    like = {"id": f"{peer.base_url}/likes/1", "type": "Like", "actor": peer.actor_id,
            "object": f"{SITE_ACTOR}/articles/1"}
    assert _signed(peer, client, like).status_code == 202
    _nothing_changed()


def test_a_rotated_key_is_fetched_again_once(peer: Peer, client: Client) -> None:
    follow = peer.follow_activity(SITE_ACTOR)
    assert _signed(peer, client, follow).status_code == 202
    fetches = len(peer.served)
    peer.rotate_key()
    # Within a minute of the last fetch a failing signature does not fetch again ...
    assert _signed(peer, client, peer.undo_activity(follow)).status_code == 401
    assert len(peer.served) == fetches
    assert Follower.objects.exists()
    # ... after that, one refetch finds the new key and the Undo goes through.
    RemoteKey.objects.update(fetched_at=datetime.now(UTC) - timedelta(minutes=2))
    assert _signed(peer, client, peer.undo_activity(follow)).status_code == 202
    assert len(peer.served) == fetches + 1
    assert not Follower.objects.exists()


def test_the_inbox_answers_only_posts(client: Client) -> None:
    assert client.get("/ap/actors/news/inbox").status_code == 405


def test_a_switched_off_channel_has_no_inbox(peer: Peer, client: Client,
                                             options: OptionsOverride) -> None:
    options.set(NEWSDESK_AP_ENABLED=False)
    assert _signed(peer, client, peer.follow_activity(SITE_ACTOR)).status_code == 404
    assert _signed(peer, client, peer.follow_activity(SITE_ACTOR),
                   url="http://testserver/ap/inbox").status_code == 404
    _nothing_changed()
