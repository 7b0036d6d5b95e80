"""Who gets which activity, when, and what happens when an inbox says no.

Followers are rows here, their inboxes the peer's on 127.0.0.1; the tasks run in this
process as a worker would run them.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from newsdesk.articles import workflow
from newsdesk.articles.models import Article, Section
from newsdesk.channels.activitypub.models import Activity, Delivery, Follower
from tests.channels.activitypub.conftest import run_tasks
from tests.support.commit import committed
from tests.support.factories import make_article
from tests.support.fediverse_peer import Peer
from tests.support.options import OptionsOverride

pytestmark = pytest.mark.django_db(transaction=True)  # the worker commits


@pytest.fixture(autouse=True)
def _not_verifying(peer: Peer) -> None:
    """newsdesk is not on a socket here, so the peer cannot fetch its key; what is sent,
    and signed how, is test_mastodon's."""
    peer.verifying = False


def _follower(peer: Peer, actor: str = "news", name: str = "alice",
              shared: bool = True) -> Follower:
    return Follower.objects.create(
        actor=actor, uri=f"{peer.base_url}/users/{name}",
        inbox=f"{peer.base_url}/users/{name}/inbox",
        shared_inbox=peer.shared_inbox if shared else "")


def _kinds(peer: Peer) -> list[tuple[str, str]]:
    return [(r.path, r.activity["type"]) for r in peer.received]


def test_one_post_per_shared_inbox(peer: Peer) -> None:
    _follower(peer, name="alice")
    _follower(peer, name="bob")
    _follower(peer, name="carol", shared=False)
    make_article("Harbour reopens")
    run_tasks()
    assert sorted(_kinds(peer)) == [("/inbox", "Create"), ("/users/carol/inbox", "Create")]


def test_a_follower_gone_for_good_is_removed(peer: Peer) -> None:
    _follower(peer, shared=False)
    peer.inbox_status = 410
    make_article("Harbour reopens")
    run_tasks()
    assert Delivery.objects.get().status == Delivery.Status.GONE
    assert not Follower.objects.exists()


def test_a_failing_inbox_is_tried_again_later_then_given_up(
        peer: Peer, options: OptionsOverride) -> None:
    options.set(NEWSDESK_AP_MAX_ATTEMPTS=2)
    _follower(peer)
    peer.inbox_status = 503
    make_article("Harbour reopens")
    before = timezone.now()
    run_tasks()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status) == ("retry", 1, 503)
    assert delivery.next_attempt_at is not None
    assert timedelta(seconds=55) < delivery.next_attempt_at - before < timedelta(seconds=65)
    waiting = DBTaskResult.objects.get(status="READY")
    assert waiting.run_after == delivery.next_attempt_at
    run_tasks()  # not due yet: nothing is sent
    assert len(peer.received) == 1
    Delivery.objects.update(next_attempt_at=timezone.now())
    DBTaskResult.objects.filter(pk=waiting.pk).update(run_after=timezone.now())
    run_tasks()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", 2)
    assert len(peer.received) == 2
    assert Follower.objects.exists()  # a server that is down is not a follower gone


def test_a_refusing_inbox_is_not_tried_again(peer: Peer) -> None:
    _follower(peer)
    peer.inbox_status = 403
    make_article("Harbour reopens")
    run_tasks()
    assert Delivery.objects.get().status == Delivery.Status.FAILED
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_an_embargoed_article_is_announced_at_its_time(peer: Peer) -> None:
    _follower(peer)
    release = timezone.now() + timedelta(hours=6)
    article = make_article("Budget figures out at noon", published_at=release)
    run_tasks()
    assert peer.received == [] and not Activity.objects.exists()
    waiting = DBTaskResult.objects.get(status="READY")
    assert waiting.run_after == release
    # The embargo ends: the article is public and the task falls due.
    past = timezone.now() - timedelta(minutes=1)
    Article.objects.filter(pk=article.pk).update(published_at=past)
    DBTaskResult.objects.filter(pk=waiting.pk).update(run_after=past)
    run_tasks()
    assert _kinds(peer) == [("/inbox", "Create")]


def test_an_early_run_waits_for_the_embargo_again(peer: Peer) -> None:
    from newsdesk.channels.activitypub.tasks import sync_article_task

    _follower(peer)
    release = timezone.now() + timedelta(hours=6)
    article = make_article("Budget figures out at noon", published_at=release)
    DBTaskResult.objects.all().delete()
    sync_article_task.enqueue(article.pk, "published")  # as if queued without a time
    run_tasks()
    assert peer.received == []
    assert DBTaskResult.objects.get(status="READY").run_after == release


def test_announcing_twice_sends_once(peer: Peer) -> None:
    from newsdesk.channels.activitypub.tasks import sync_article_task

    _follower(peer)
    article = make_article("Harbour reopens")
    run_tasks()
    sync_article_task.enqueue(article.pk, "published")
    run_tasks()
    assert _kinds(peer) == [("/inbox", "Create")]


def test_section_actors_carry_their_section(peer: Peer, options: OptionsOverride) -> None:
    options.set(NEWSDESK_AP_SECTIONS=["politics"])
    politics = Section.objects.create(name="Politics", slug="politics")
    sport = Section.objects.create(name="Sport", slug="sport")
    _follower(peer, actor="news", name="alice", shared=False)
    _follower(peer, actor="politics", name="bob", shared=False)
    vote = make_article("Council vote")
    match = make_article("Cup final")
    run_tasks()  # no section yet: the site actor alone tells of them
    assert _kinds(peer) == [("/users/alice/inbox", "Create")] * 2
    peer.received.clear()
    with committed(), workflow.changing(vote):
        vote.section = politics
        vote.save()
    with committed(), workflow.changing(match):
        match.section = sport
        match.save()
    run_tasks()
    bob = [r.activity for r in peer.received if r.path == "/users/bob/inbox"]
    assert [(a["type"], a["object"]["name"]) for a in bob] == [("Create", "Council vote")]
    assert bob[0]["actor"].endswith("/ap/actors/politics")
    alice = [r.activity["type"] for r in peer.received if r.path == "/users/alice/inbox"]
    assert alice == ["Update", "Update"]  # the site actor carries both, section or not

    peer.received.clear()
    with committed(), workflow.changing(vote):  # moved out of politics
        vote.section = sport
        vote.save()
    run_tasks()
    assert sorted(_kinds(peer)) == [("/users/alice/inbox", "Update"),
                                    ("/users/bob/inbox", "Delete")]


def test_a_deleted_article_is_deleted_on_the_fediverse(peer: Peer) -> None:
    _follower(peer)
    article = make_article("Harbour reopens")
    run_tasks()
    with committed():
        workflow.delete([article])
    run_tasks()
    assert [kind for _, kind in _kinds(peer)] == ["Create", "Delete"]


def test_nothing_is_sent_when_switched_off(peer: Peer, options: OptionsOverride) -> None:
    options.set(NEWSDESK_AP_ENABLED=False)
    _follower(peer)
    make_article("Harbour reopens")
    run_tasks()
    assert peer.received == [] and not Activity.objects.exists()
