"""The publication event: sent by the workflow only, once per article per transaction,
after the commit (never on rollback), on every path that changes what readers see."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.dispatch import Signal
from django.test import Client
from django.utils import timezone

from newsdesk.articles import pipeline, workflow
from newsdesk.articles.events import (
    Placement,
    article_published,
    article_updated,
    article_withdrawn,
)
from newsdesk.articles.labels import section_named
from newsdesk.articles.models import Article, ArticleVersion
from newsdesk.editorial.rewrite.checks import Checked
from newsdesk.intake.models import SourceItem
from tests.support.admin_form import submit
from tests.support.factories import make_article, make_item
from tests.support.options import OptionsOverride

pytestmark = pytest.mark.django_db(transaction=True)

NAMES: dict[Signal, str] = {article_published: "published", article_updated: "updated",
                            article_withdrawn: "withdrawn"}


@dataclass(frozen=True)
class Heard:
    name: str
    article_id: int
    kwargs: dict[str, Any]
    in_transaction: bool  # was the receiver called inside a transaction?
    visible: bool  # did published() show the article to the receiver?


@pytest.fixture
def heard() -> Iterator[list[Heard]]:
    events: list[Heard] = []

    def listen(signal: Signal, sender: Any, *, article_id: int, **kwargs: Any) -> None:
        events.append(Heard(NAMES[signal], article_id, kwargs,
                            connection.in_atomic_block,
                            Article.objects.published().filter(pk=article_id).exists()))

    for signal in NAMES:
        signal.connect(listen, dispatch_uid="test-events-heard")
    yield events
    for signal in NAMES:
        signal.disconnect(dispatch_uid="test-events-heard")


@pytest.fixture
def editor() -> User:
    return User.objects.create_superuser("editor", "editor@example.org", "pw-long-enough-1")


def _names(events: list[Heard]) -> list[tuple[str, int]]:
    return [(e.name, e.article_id) for e in events]


def test_publishing_is_heard_once_after_the_commit(heard: list[Heard]) -> None:
    older = make_article("Older story")
    draft = make_article("Quay lights fixed", status=Article.Status.REVIEW)
    heard.clear()
    with transaction.atomic():
        workflow.publish(draft)
        workflow.publish(draft)  # touched twice in one transaction: still one event
        assert heard == []  # nothing before the commit
    assert _names(heard) == [("published", draft.pk)]
    event = heard[0]
    assert not event.in_transaction and event.visible  # committed, and public to a reader
    placement = event.kwargs["placement"]
    assert draft.published_at is not None
    assert placement == Placement(slug=draft.slug, url=draft.get_absolute_url(),
                                  published_at=draft.published_at, section=None, tags=(),
                                  neighbours=(older.slug,))


def test_a_rolled_back_publication_is_never_heard(heard: list[Heard]) -> None:
    draft = make_article("Pool reopens", status=Article.Status.REVIEW)
    with pytest.raises(RuntimeError), transaction.atomic():
        workflow.publish(draft)
        raise RuntimeError("rolled back")
    assert heard == []
    draft.refresh_from_db()
    assert draft.status == Article.Status.REVIEW
    workflow.publish(draft)  # the next commit is heard as usual
    assert _names(heard) == [("published", draft.pk)]


def test_a_savepoint_rolled_back_inside_a_committed_transaction_is_not_heard(
        heard: list[Heard]) -> None:
    kept = make_article("Kept story", status=Article.Status.REVIEW)
    dropped = make_article("Dropped story", status=Article.Status.REVIEW)
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            workflow.publish(dropped)
            raise RuntimeError("this part rolls back")
        workflow.publish(kept)
    assert _names(heard) == [("published", kept.pk)]


def test_the_pipeline_publishes_once_and_the_review_queue_is_silent(
        heard: list[Heard], options: OptionsOverride) -> None:
    item = make_item(title="Water rates rise")
    article = pipeline.process_item(item.pk)
    assert article is not None and article.status == Article.Status.PUBLISHED
    assert _names(heard) == [("published", article.pk)]
    options.set(NEWSDESK_AUTO_PUBLISH=False)
    waiting = pipeline.process_item(make_item(title="Ferry fares rise").pk)
    assert waiting is not None and waiting.status == Article.Status.REVIEW
    assert _names(heard) == [("published", article.pk)]


def _rewrite(article: Article, headline: str) -> ArticleVersion:
    """A passing rewrite of a live article, waiting for an editor."""
    checked = Checked(headline, tuple(article.paragraphs), (), None)
    updated = workflow.apply_rewrite(article.source_item, checked, made_by="offline",
                                     model_name="", prompt_version="rewrite-v1",
                                     extractive=True, reason="rewrite", allow_publish=False)
    assert updated.pk == article.pk and updated.pending_version is not None
    return updated.pending_version


def test_an_update_waits_silently_and_is_heard_when_it_goes_live(
        heard: list[Heard], editor: User) -> None:
    article = make_article("Water board approves rates")
    old = Placement.of(article)
    heard.clear()
    _rewrite(article, "Water board approves a rate rise")
    assert heard == []  # readers still see the live text
    article.refresh_from_db()
    workflow.approve(article, editor)
    assert _names(heard) == [("updated", article.pk)]
    assert heard[0].kwargs["before"] == old and heard[0].kwargs["placement"] == old

    _rewrite(article, "Water board approves a bigger rate rise")
    article.refresh_from_db()
    workflow.reject(article, editor)  # drops the waiting update; the live text stays
    assert _names(heard) == [("updated", article.pk)]


def test_an_edit_is_heard_only_when_it_reaches_readers(heard: list[Heard]) -> None:
    article = make_article("Water board approves rates")
    heard.clear()
    article.body = article.body.replace("4.5%", "9%")  # the guard holds this edit back
    assert not workflow.edit(article, None).passed
    assert heard == []
    article.refresh_from_db()
    article.headline = "Dunmore water rates rise"
    assert workflow.edit(article, None).passed
    assert _names(heard) == [("updated", article.pk)]
    draft = make_article("Draft story", status=Article.Status.DRAFT)
    draft.headline = "Draft story, edited"
    workflow.edit(draft, None)
    assert _names(heard) == [("updated", article.pk)]  # drafts show on no page


def test_rejecting_or_deleting_a_released_article_withdraws_it(heard: list[Heard]) -> None:
    rejected = make_article("Library hours cut")
    deleted = make_article("Museum extends hours")
    draft = make_article("Draft story", status=Article.Status.DRAFT)
    before_rejected, deleted_id = Placement.of(rejected), deleted.pk
    heard.clear()
    workflow.reject(rejected, None)
    before_deleted = Placement.of(deleted)  # its neighbours changed when the other went
    workflow.delete([deleted, draft])
    assert _names(heard) == [("withdrawn", rejected.pk), ("withdrawn", deleted_id)]
    assert heard[0].kwargs == {"before": before_rejected, "deleted": False}
    assert heard[1].kwargs == {"before": before_deleted, "deleted": True}
    assert not any(event.visible for event in heard)


def test_an_embargoed_article_is_heard_when_released_with_its_future_time(
        heard: list[Heard]) -> None:
    when = timezone.now() + timedelta(days=1)
    article = make_article("Budget out tomorrow", status=Article.Status.REVIEW)
    workflow.publish(article, when=when)
    assert _names(heard) == [("published", article.pk)]
    assert heard[0].kwargs["placement"].published_at == when
    assert not heard[0].visible  # released, not yet public: pages show it at its time
    workflow.reject(article, None)
    assert _names(heard)[-1] == ("withdrawn", article.pk)


def test_the_admin_form_is_heard_with_the_old_and_new_address(
        heard: list[Heard], editor: User) -> None:
    # Whole seconds: the admin's date and time fields show no microseconds.
    article = make_article("Ferry timetable changes",
                           published_at=timezone.now().replace(microsecond=0))
    old = Placement.of(article)
    heard.clear()
    admin = Client()
    admin.force_login(editor)
    url = f"/admin/articles/article/{article.pk}/change/"
    assert submit(admin, url).status_code == 302  # saved unchanged: nothing to tell
    assert heard == []
    health = section_named("Health")
    assert health is not None
    response = submit(admin, url, slug="ferry-timetable-winter", section=str(health.pk))
    assert response.status_code == 302
    assert _names(heard) == [("updated", article.pk)]
    assert heard[0].kwargs["before"] == old
    now = heard[0].kwargs["placement"]
    assert (now.slug, now.url, now.section) == (
        "ferry-timetable-winter", "/articles/ferry-timetable-winter/", "health")
    assert not heard[0].in_transaction


def test_admin_actions_and_deletes_are_heard(heard: list[Heard], editor: User) -> None:
    live = make_article("Stadium roof approved")
    waiting = make_article("Stadium opens", status=Article.Status.REVIEW)
    doomed = [make_article("Old story one"), make_article("Old story two")]
    last = make_article("Old story three")
    heard.clear()
    admin = Client()
    admin.force_login(editor)
    admin.post("/admin/articles/article/", {"action": "approve",
                                            "_selected_action": [str(waiting.pk)]})
    admin.post("/admin/articles/article/", {"action": "reject",
                                            "_selected_action": [str(live.pk)]})
    assert _names(heard) == [("published", waiting.pk), ("withdrawn", live.pk)]
    heard.clear()
    admin.post("/admin/articles/article/", {
        "action": "delete_selected", "post": "yes",
        "_selected_action": [str(a.pk) for a in doomed]})
    assert sorted(_names(heard)) == sorted(("withdrawn", a.pk) for a in doomed)
    assert all(event.kwargs["deleted"] for event in heard)
    heard.clear()
    admin.post(f"/admin/articles/article/{last.pk}/delete/", {"post": "yes"})
    assert _names(heard) == [("withdrawn", last.pk)]


def test_renaming_a_section_updates_each_released_article_filed_under_it(
        heard: list[Heard], editor: User) -> None:
    health = section_named("Health")
    assert health is not None
    filed = [make_article("Clinic opens"), make_article("Clinic closes")]
    draft = make_article("Clinic draft", status=Article.Status.DRAFT)
    for article in [*filed, draft]:
        with workflow.changing(article):
            article.section = health
            article.save()
    heard.clear()
    admin = Client()
    admin.force_login(editor)
    url = f"/admin/articles/section/{health.pk}/change/"
    assert submit(admin, url, name="Health and care", slug="care").status_code == 302
    assert sorted(_names(heard)) == sorted(("updated", a.pk) for a in filed)
    assert {e.kwargs["before"].section for e in heard} == {"health"}
    assert {e.kwargs["placement"].section for e in heard} == {"care"}


def test_nothing_outside_the_workflow_is_heard(heard: list[Heard]) -> None:
    """A save around the workflow reaches no reader's output: the workflow is the one
    sender, so what every page shows changes in one place."""
    article = make_article("Tram line extended")
    heard.clear()
    article.headline = "Tram line extended again"
    article.save()
    SourceItem.objects.filter(pk=article.source_item_id).update(title="Changed")
    assert heard == []
