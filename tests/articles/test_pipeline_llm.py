"""The pipeline with the OpenAI-compatible backend against a real server on 127.0.0.1:
what passes the guard is published, what fails it waits for review, outages fall back."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from django.test import Client

from newsdesk.articles import pipeline
from newsdesk.articles.models import Article
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


def reply(headline: str, paragraphs: list[str]) -> str:
    return json.dumps({"headline": headline, "paragraphs": paragraphs})


@pytest.fixture
def llm(options: OptionsOverride) -> Iterator[ScriptedServer]:
    with scripted_llm(options, timeout=2.0) as server:
        yield server


def test_faithful_rewrite_is_published(llm: ScriptedServer, client: Client) -> None:
    llm.reply_content(reply(
        "Brannock council releases $2.5 million after storm cuts power to 48,000 homes",
        ["The Brannock County Council voted 153 to 12 on Tuesday to free $2.5 million for "
         "warming centers. [Source: Harlow Wire]",
         '"Crews are working around the clock," Helena Strand of Northmarch Electric said. '
         "[Source: Harlow Wire]"]))
    item = make_item(text=SOURCE, outlet="Harlow Wire", title="Council frees storm money")
    article = pipeline.process_item(item.pk)
    assert article is not None and article.status == Article.Status.PUBLISHED
    assert article.made_by == "openai" and not article.extractive
    assert llm.received[0].json["model"] == "test"
    page = client.get(f"/articles/{article.slug}/").content.decode()
    assert "153 to 12" in page


def test_leaked_prompt_headline_goes_to_review(llm: ScriptedServer, client: Client) -> None:
    llm.reply_content(reply(
        "Rewritten Article for Regional Power Outages and Winter Weather Impacts",
        ["The council voted 135 to 12 to release $2.5 million. [Source: Harlow Wire]"]))
    item = make_item(text=SOURCE, outlet="Harlow Wire")
    article = pipeline.process_item(item.pk)
    assert article is not None and article.status == Article.Status.REVIEW
    kinds = {p["kind"] for p in article.guard_problems}
    assert {"leak", "number"} <= kinds
    assert "Rewritten Article" not in client.get("/").content.decode()
    assert client.get(f"/articles/{article.slug}/").status_code == 404


def test_server_outage_falls_back_to_offline(llm: ScriptedServer) -> None:
    llm.script(*[Reply(status=503, body={"error": "busy"}, headers={"Retry-After": "0"})] * 5)
    item = make_item(text=SOURCE, outlet="Harlow Wire", title="Council frees storm money")
    article = pipeline.process_item(item.pk)
    assert article is not None and article.status == Article.Status.PUBLISHED
    assert article.made_by == "offline" and article.extractive
    assert len(llm.received) >= 2


def test_garbage_twice_falls_back_and_nothing_crashes(llm: ScriptedServer) -> None:
    llm.script(Reply(body=completion("I'm sorry, I can't help with that.")),
               Reply(body=completion("Still not JSON.")))
    item = make_item(text=SOURCE, outlet="Harlow Wire", title="Council frees storm money")
    article = pipeline.process_item(item.pk)
    assert article is not None and article.made_by == "offline"
    assert len(llm.received) == 2  # the call and its one repair attempt
