"""Unusable or unattributed model output against a real server on 127.0.0.1: repaired
once, then an editor sees it (or, with a fallback, the fallback writes); the classifier's
score is stored with every verdict; nothing unchecked reaches a public page."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from django.test import Client

from newsdesk.articles import pipeline
from newsdesk.articles.models import Article, RunRecord
from newsdesk.cli.management.commands.demo import DEMO_SOURCES
from newsdesk.editorial.guard.model import model
from newsdesk.intake.models import SourceItem
from newsdesk.reader.files import read_path
from newsdesk.reader.items import RawItem
from tests.openai_server import Reply, ScriptedServer
from tests.support.factories import make_item
from tests.support.options import OptionsOverride
from tests.test_cli import run

pytestmark = pytest.mark.django_db

SOURCE = (
    "Brannock County Council voted 153 to 12 on Tuesday to release $2.5 million for "
    "warming centers after freezing rain cut power to 48,000 homes."
)
GARBLE = "Brannock Council {headline: 'warming' paragraphs= [ 9,000 centres opened"
PUBLIC = ["/", "/api/articles/", "/feeds/rss.xml", "/feeds/atom.xml", "/sitemap.xml",
          "/search/?q=Brannock", "/api/search/?q=Brannock"]


def server_settings(options: OptionsOverride, server: ScriptedServer, fallback: str) -> None:
    options.set(NEWSDESK_AUTO_PUBLISH=True, NEWSDESK_LLM_BACKEND="openai",
                NEWSDESK_LLM_FALLBACK=fallback)
    options.set_llm_backends({
        "offline": {"BACKEND": "newsdesk.llm.offline.OfflineBackend"},
        "openai": {"BACKEND": "newsdesk.llm.openai_compat.OpenAICompatBackend",
                   "OPTIONS": {"base_url": server.base_url, "model": "test", "timeout": 2.0}},
    })


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    running = ScriptedServer()
    running.start()
    yield running
    running.stop()


def public_text(client: Client) -> str:
    pages = []
    for path in PUBLIC:
        response = client.get(path)
        assert response.status_code == 200, path
        pages.append(response.content.decode())
    return "\n".join(pages)


def test_unusable_output_without_fallback_waits_for_review(
    server: ScriptedServer, options: OptionsOverride, client: Client, admin_client: Client
) -> None:
    server_settings(options, server, fallback="")
    server.reply_content(GARBLE)
    server.reply_content(GARBLE + " again")
    item = make_item(text=SOURCE, outlet="Harlow Wire", title="Council frees storm money")
    article = pipeline.process_item(item.pk)

    assert article is not None
    item.refresh_from_db()
    assert item.status == SourceItem.Status.DONE and not item.error
    assert len(server.received) == 2  # the reply, then exactly one repair request
    assert article.status == Article.Status.REVIEW and not article.guard_passed
    assert article.made_by == "openai" and not article.extractive
    [problem] = article.guard_problems
    assert problem["kind"] == "unparseable"
    assert problem["span"] == GARBLE + " again"
    assert article.body == GARBLE + " again"  # the raw reply, for the editor to read
    version = article.versions.get()
    assert version.guard_problems == article.guard_problems and not version.guard_passed
    runs = RunRecord.objects.filter(source_item=item).order_by("pk")
    assert [(r.backend, r.outcome) for r in runs] == [("openai", "bad_output")] * 2
    assert all(r.article_id == article.pk and r.error for r in runs)

    # The editor's review page shows the raw reply beside the source, the problem named.
    page = admin_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "9,000 centres opened again" in page and "unparseable" in page
    # Readers see none of it.
    assert "9,000" not in public_text(client)
    assert client.get(f"/articles/{article.slug}/").status_code == 404
    assert client.get(f"/api/articles/{article.slug}/").status_code == 404


def test_unusable_output_with_fallback_is_replaced_and_recorded(
    server: ScriptedServer, options: OptionsOverride, client: Client
) -> None:
    server_settings(options, server, fallback="offline")
    server.reply_content(GARBLE)
    server.reply_content(GARBLE)
    item = make_item(text=SOURCE, outlet="Harlow Wire", title="Council frees storm money")
    article = pipeline.process_item(item.pk)

    assert article is not None and article.status == Article.Status.PUBLISHED
    assert article.made_by == "offline" and article.extractive
    runs = list(RunRecord.objects.filter(source_item=item).order_by("pk"))
    assert [(r.backend, r.outcome) for r in runs] == [
        ("openai", "bad_output"), ("openai", "bad_output"), ("offline", "ok")]
    assert all("JSON" in r.error for r in runs[:2])  # what was wrong, for the run log
    assert "9,000" not in public_text(client)


def test_unattributed_rewrite_reaches_the_guard_not_the_fallback(
    server: ScriptedServer, options: OptionsOverride, client: Client
) -> None:
    """A readable rewrite without markers (what small models write) is judged, located
    and held — the fallback does not paper over it."""
    server_settings(options, server, fallback="offline")
    server.reply_content(json.dumps({
        "headline": "Brannock council frees money after storm",
        "paragraphs": ["Brannock County Council voted 153 to 12 on Tuesday to release "
                       "$2.5 million for warming centers.",
                       "Mayor Ilse Brandt said 9,000 volunteers would help."]}))
    item = make_item(text=SOURCE, outlet="Harlow Wire", title="Council frees storm money")
    article = pipeline.process_item(item.pk)

    assert article is not None and article.made_by == "openai"
    assert len(server.received) == 1  # no repair asked: it was usable
    assert article.status == Article.Status.REVIEW
    problems = {(p["kind"], p["span"]) for p in article.guard_problems}
    assert ("attribution", "Brannock County Council voted 153 to 12 on Tuesday to release "
            "$2.5 million for warming centers.") in problems
    assert ("number", "9,000") in problems and ("name", "Mayor Ilse Brandt") in problems
    # The classifier, run on LLM rewrites, points at the invented sentence too.
    assert ("unsupported", "Mayor Ilse Brandt said 9,000 volunteers would help.") in problems
    assert article.guard_score is not None and article.guard_score >= model().threshold
    assert article.versions.get().guard_score == article.guard_score
    text = public_text(client)
    assert "Ilse Brandt" not in text and "9,000" not in text


def demo_items() -> list[RawItem]:
    return [i for i in read_path(DEMO_SOURCES) if isinstance(i, RawItem)]


def test_honest_llm_rewrites_of_the_demo_sources_pass_the_classifier(
    server: ScriptedServer, options: OptionsOverride
) -> None:
    """The classifier runs on LLM rewrites and rejects nothing honest: each demo source,
    rewritten from its own paragraphs (whole, or its lead only) and served as the model's
    reply, is published with its score stored."""
    server_settings(options, server, fallback="")
    raws = demo_items()
    assert len(raws) == 14
    threshold = model().threshold
    for n, raw in enumerate(raws):
        paragraphs = [p.strip() for p in raw.text.split("\n\n") if p.strip()]
        kept = paragraphs if n % 2 else paragraphs[:3]
        server.reply_content(json.dumps({
            "headline": raw.title,
            "paragraphs": [f"{p} [Source: {raw.outlet}]" for p in kept]}))
        item = make_item(text=raw.text, title=raw.title, outlet=raw.outlet, url=raw.url)
        article = pipeline.process_item(item.pk)
        assert article is not None and article.made_by == "openai", raw.title
        assert not [p for p in article.guard_problems if p["kind"] == "unsupported"], raw.title
        assert article.guard_score is not None and article.guard_score < threshold
        if not article.guard_problems:
            assert article.status == Article.Status.PUBLISHED
    published = Article.objects.filter(status=Article.Status.PUBLISHED).count()
    assert published >= 12, f"only {published} of 14 honest rewrites passed the rules"


INVENTED = json.dumps({
    "headline": "Shocking: Brannock council frees money",
    "paragraphs": ["Brannock County Council voted 153 to 12 on Tuesday to release "
                   "$2.5 million for warming centers. [Source: Harlow Wire]",
                   "Mayor Ilse Brandt said 9,000 volunteers would help. [Source: Reuters]"]})


@pytest.mark.parametrize("replies", [[INVENTED], [GARBLE, GARBLE]], ids=["invented", "garbled"])
def test_rewrite_command_reports_what_the_pipeline_stores(
    server: ScriptedServer, options: OptionsOverride, replies: list[str]
) -> None:
    """`newsdesk rewrite --json` and the pipeline judge one reply the same way: the same
    problems (classifier included), the same score, the same pass/fail."""
    server_settings(options, server, fallback="")
    for text in replies:
        server.reply_content(text)
    item = make_item(text=SOURCE, outlet="Harlow Wire", title="Council frees storm money")
    article = pipeline.process_item(item.pk)
    assert article is not None and article.status == Article.Status.REVIEW

    for text in replies:
        server.reply_content(text)
    done = run("rewrite", "--backend", "openai", "--json", "--outlet", "Harlow Wire",
               "--title", "Council frees storm money", stdin=SOURCE,
               env={"NEWSDESK_OPENAI_BASE_URL": server.base_url, "NEWSDESK_OPENAI_MODEL": "m",
                    "NEWSDESK_LLM_FALLBACK": ""})
    assert done.returncode == 0, done.stderr
    guard = json.loads(done.stdout)["guard"]
    assert guard["passed"] is False
    assert guard["problems"] == article.guard_problems
    assert guard["score"] == article.guard_score


def test_reply_cut_off_by_the_token_limit_waits_for_review(
    server: ScriptedServer, options: OptionsOverride, client: Client
) -> None:
    """A faithful start cut off mid-sentence keeps its whole paragraphs, but what was cut
    may have held facts: it is never published alone."""
    server_settings(options, server, fallback="offline")
    whole = json.dumps({"headline": "Brannock council frees $2.5 million for warming centers",
                        "paragraphs": [f"{SOURCE} [Source: Harlow Wire]",
                                       "Freezing rain cut power to 48,000 homes, the council "
                                       "said. [Source: Harlow Wire]"]})
    server.reply_content(whole[: whole.index("the council")])
    item = make_item(text=SOURCE, outlet="Harlow Wire", title="Council frees storm money")
    article = pipeline.process_item(item.pk)

    assert article is not None and article.made_by == "openai"
    assert article.status == Article.Status.REVIEW
    assert article.paragraphs == [f"{SOURCE} [Source: Harlow Wire]"]
    # Located where the kept text ends, so the editor sees where the cut fell.
    assert [(p["kind"], p["span"]) for p in article.guard_problems] == [
        ("incomplete", f"{SOURCE} [Source: Harlow Wire]")]
    assert "Brannock council frees" not in public_text(client)


def test_malformed_http_replies_without_fallback_wait_for_review(
    server: ScriptedServer, options: OptionsOverride, client: Client
) -> None:
    """Not even a model text came back (a proxy's error page, twice): still no crash and
    no failed item, but a review entry that says what happened."""
    server_settings(options, server, fallback="")
    server.script(Reply(body="<html>proxy error</html>"), Reply(body="<html>proxy error</html>"))
    item = make_item(text=SOURCE, outlet="Harlow Wire", title="Council frees storm money")
    article = pipeline.process_item(item.pk)

    assert article is not None and article.status == Article.Status.REVIEW
    item.refresh_from_db()
    assert item.status == SourceItem.Status.DONE
    [problem] = article.guard_problems
    assert problem["kind"] == "unparseable" and "JSON" in problem["message"]
    assert article.body == "" and article.headline.startswith("[Unparseable rewrite]")
    assert client.get(f"/articles/{article.slug}/").status_code == 404
    assert "Unparseable" not in public_text(client)
