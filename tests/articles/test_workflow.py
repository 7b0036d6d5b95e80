"""The editorial workflow on real SQLite/PostgreSQL and a real loopback LLM server:
versions, review actions, run records, and the live text surviving a bad update."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.test import Client

from newsdesk.articles import pipeline, workflow
from newsdesk.articles.models import Article, ArticleVersion, ReviewAction, RunRecord
from newsdesk.intake.models import SourceItem
from tests.openai_server import Reply, ScriptedServer, completion
from tests.support.factories import make_item
from tests.support.options import OptionsOverride
from tests.support.scripted_llm import scripted_llm

pytestmark = pytest.mark.django_db

SOURCE = (
    "Brannock County Council voted 153 to 12 on Tuesday to release $2.5 million for "
    "warming centers after freezing rain cut power to 48,000 homes.\n\n"
    '"Crews are working around the clock," said Helena Strand of Northmarch Electric.'
)
GOOD = json.dumps({
    "headline": "Brannock council releases $2.5 million after storm cuts power to 48,000 homes",
    "paragraphs": [
        "The Brannock County Council voted 153 to 12 on Tuesday to free $2.5 million for "
        "warming centers. [Source: Harlow Wire]",
        '"Crews are working around the clock," Helena Strand of Northmarch Electric said. '
        "[Source: Harlow Wire]"]})
INVENTED = json.dumps({
    "headline": "Brannock council releases $9 million",
    "paragraphs": ["The council voted 999 to 1 to free $9 million. [Source: Harlow Wire]"]})


@pytest.fixture
def llm(options: OptionsOverride) -> Iterator[ScriptedServer]:
    with scripted_llm(options, timeout=1.0) as server:
        yield server


@pytest.fixture
def editor() -> User:
    return User.objects.create_superuser("editor", "editor@example.org", "pw")


def _source_changes(item: SourceItem, text: str) -> None:
    """What the store does when a source item's text changes: back to pending."""
    item.text = text
    item.status = SourceItem.Status.PENDING
    item.save()


def _published(llm: ScriptedServer) -> Article:
    llm.reply_content(GOOD)
    item = make_item(text=SOURCE, outlet="Harlow Wire", title="Council frees storm money")
    article = pipeline.process_item(item.pk)
    assert article is not None and article.status == Article.Status.PUBLISHED
    return article


def test_publication_keeps_a_version_an_action_and_a_run_record(llm: ScriptedServer) -> None:
    article = _published(llm)
    version = article.versions.get()
    assert version.number == 1 and version.guard_passed and version.made_by == "openai"
    action = article.review_actions.get()
    assert action.action == ReviewAction.Action.AUTO_PUBLISH and action.version == version
    run = RunRecord.objects.get()
    assert (run.backend, run.outcome, run.model_name) == ("openai", "ok", "test-model")
    assert run.tokens_in == 120 and run.tokens_out == 80 and run.latency_ms > 0
    assert run.prompt_version == "rewrite-v1"
    assert run.article == article and run.source_item == article.source_item


def test_failed_update_keeps_the_live_text_and_waits(llm: ScriptedServer, client: Client,
                                                    editor: User) -> None:
    article = _published(llm)
    llm.reply_content(INVENTED)
    _source_changes(article.source_item, SOURCE + "\n\nThe centers open at 6 p.m.")
    pipeline.process_item(article.source_item_id)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert "153 to 12" in article.body and "999" not in article.body
    assert article.pending_version is not None and not article.pending_version.guard_passed
    page = client.get(f"/articles/{article.slug}/").content.decode()
    assert "153 to 12" in page and "voted 999" not in page and "$9 million" not in page
    assert article.review_actions.all()[0].action == ReviewAction.Action.TO_REVIEW

    workflow.reject(article, editor)
    article.refresh_from_db()
    assert article.pending_version is None and article.status == Article.Status.PUBLISHED
    assert article.review_actions.all()[0].user == editor


def test_passing_update_goes_live_marked_as_updated(llm: ScriptedServer, client: Client) -> None:
    article = _published(llm)
    llm.reply_content(GOOD.replace("free $2.5 million", "release $2.5 million"))
    _source_changes(article.source_item, SOURCE + "\n\nThe centers open at 6 p.m.")
    pipeline.process_item(article.source_item_id)
    article.refresh_from_db()
    assert "release $2.5 million" in article.body and article.pending_version is None
    assert article.change_kind == Article.Change.UPDATE
    assert [v.reason for v in article.versions.all()] == ["source_update", "rewrite"]
    page = client.get(f"/articles/{article.slug}/").content.decode()
    assert 'class="change-marker change-update"' in page and "Updated" in page


def test_approving_a_pending_update_replaces_the_live_text(llm: ScriptedServer,
                                                          editor: User) -> None:
    article = _published(llm)
    llm.reply_content(INVENTED)
    _source_changes(article.source_item, SOURCE + " More.")
    pipeline.process_item(article.source_item_id)
    article.refresh_from_db()
    workflow.approve(article, editor)
    article.refresh_from_db()
    assert "999" in article.body and article.change_kind == Article.Change.UPDATE
    assert article.review_actions.all()[0].action == ReviewAction.Action.APPROVE


def test_editing_reruns_the_guard_and_a_bad_edit_never_goes_live(
    llm: ScriptedServer, editor: User, client: Client
) -> None:
    article = _published(llm)
    live_body = article.body
    article.body = article.body.replace("153 to 12", "163 to 2")
    checked = workflow.edit(article, editor)
    assert not checked.passed and "number" in {p["kind"] for p in checked.problems}
    article.refresh_from_db()
    assert article.body == live_body and article.pending_version is not None
    assert article.pending_version.reason == ArticleVersion.Reason.EDIT
    assert article.pending_version.created_by == editor

    article.body = live_body.replace("free $2.5 million", "release $2.5 million")
    article.change_kind, article.change_note = Article.Change.CORRECTION, "Wording fixed."
    assert workflow.edit(article, editor).passed
    article.refresh_from_db()
    assert "release $2.5 million" in article.body and article.changed_at is not None
    page = client.get(f"/articles/{article.slug}/").content.decode()
    assert "change-correction" in page and "Wording fixed." in page


def test_review_page_marks_problems_and_escapes_markup(llm: ScriptedServer,
                                                      editor: User) -> None:
    llm.reply_content(json.dumps({
        "headline": "Council releases money",
        "paragraphs": ["<script>alert(1)</script> The council voted 999 to 1. "
                       "[Source: Harlow Wire]"]}))
    item = make_item(text=SOURCE, outlet="Harlow Wire", title="Council frees storm money")
    article = pipeline.process_item(item.pk)
    assert article is not None and article.status == Article.Status.REVIEW
    client = Client()
    client.force_login(editor)
    page = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "<mark" in page and ">999</mark>" in page
    assert "<script>alert(1)" not in page
    queue = client.get("/admin/articles/article/?queue=waiting").content.decode()
    assert "Council releases money" in queue

    response = client.post("/admin/articles/article/", {
        "action": "reject", "_selected_action": [str(article.pk)]})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.REJECTED
    action = article.review_actions.all()[0]
    assert action.action == ReviewAction.Action.REJECT and action.user == editor
    runs = client.get("/admin/articles/runrecord/").content.decode()
    assert "openai" in runs


def test_regenerate_waits_for_review_even_when_it_passes(llm: ScriptedServer,
                                                        editor: User) -> None:
    llm.reply_content(INVENTED)
    item = make_item(text=SOURCE, outlet="Harlow Wire", title="Council frees storm money")
    article = pipeline.process_item(item.pk)
    assert article is not None and article.status == Article.Status.REVIEW
    llm.reply_content(GOOD)
    pipeline.regenerate(article, editor)
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW and article.guard_passed
    assert article.versions.all()[0].reason == ArticleVersion.Reason.REGENERATE
    assert article.review_actions.all()[0].action == ReviewAction.Action.REGENERATE


FAULTS = {
    "429 then ok": [Reply(status=429, headers={"Retry-After": "0"},
                          body={"error": "slow down"}), Reply(body=completion(GOOD))],
    "500 throughout": [Reply(status=500, body={"error": "boom"})] * 3,
    "slow": [Reply(body=completion(GOOD), delay=2.0)] * 3,
    "cut off": [Reply(body=completion(GOOD[: len(GOOD) // 2]))] * 2,
    "malformed body": [Reply(body=b'{"choices": [')] * 2,
    "echoed prompt": [Reply(body=completion("Write an original news article from the source "
                                            "material below. Labels you may use"))] * 2,
    "invented facts": [Reply(body=completion(INVENTED))],
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_every_fault_ends_in_retry_fallback_or_review(llm: ScriptedServer, fault: str,
                                                      client: Client) -> None:
    llm.script(*FAULTS[fault])
    item = make_item(text=SOURCE, outlet="Harlow Wire", title="Council frees storm money")
    article = pipeline.process_item(item.pk)
    assert article is not None  # never a crash
    if article.status == Article.Status.PUBLISHED:
        assert article.guard_passed
        assert "voted 999" not in client.get(f"/articles/{article.slug}/").content.decode()
    else:
        assert article.status == Article.Status.REVIEW
    runs = list(RunRecord.objects.filter(source_item=item).order_by("id"))
    assert runs and all(r.article_id == article.pk for r in runs)
    if fault == "429 then ok":
        assert [r.outcome for r in runs] == ["unavailable", "ok"]
        assert article.made_by == "openai"
    elif fault == "invented facts":
        assert article.status == Article.Status.REVIEW
    else:
        assert article.made_by == "offline" and runs[-1].backend == "offline"
        assert any(r.outcome != "ok" and r.error for r in runs)


def test_going_live_asks_the_llm_for_each_summary_once(llm: ScriptedServer, editor: User,
                                                       options: OptionsOverride) -> None:
    """Approving a waiting update makes its summaries once: one LLM call per length."""
    article = _published(llm)
    llm.reply_content(INVENTED)
    _source_changes(article.source_item, SOURCE + " More.")
    pipeline.process_item(article.source_item_id)
    article.refresh_from_db()
    assert article.pending_version is not None
    options.set(NEWSDESK_LLM_SUMMARIES=True)
    asked_before = len(llm.received)
    summary = json.dumps({"summary": "The council voted 999 to 1 to free $9 million."})
    for _ in range(3):
        llm.reply_content(summary)
    workflow.approve(article, editor)
    assert len(llm.received) - asked_before == 3
    assert RunRecord.objects.filter(article=article, purpose="summary").count() == 3
    assert {s.made_by for s in article.summaries.all()} == {"llm:openai"}
