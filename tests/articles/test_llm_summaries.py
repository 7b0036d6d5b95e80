"""LLM summaries: stored only when the guard passes them, else the extractive one is,
and the row says which. Every call is a run record linked to the article."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from newsdesk.articles.models import RunRecord
from newsdesk.articles.summaries import make_summaries
from newsdesk.editorial.summary.llm import parse_summary
from tests.openai_server import Reply, ScriptedServer, completion
from tests.support.factories import make_article
from tests.support.options import OptionsOverride

pytestmark = pytest.mark.django_db


@pytest.fixture
def llm(options: OptionsOverride) -> Iterator[ScriptedServer]:
    server = ScriptedServer()
    server.start()
    options.set(NEWSDESK_LLM_SUMMARIES=True, NEWSDESK_LLM_BACKEND="openai")
    options.set_llm_backends({
        "offline": {"BACKEND": "newsdesk.llm.offline.OfflineBackend"},
        "openai": {"BACKEND": "newsdesk.llm.openai_compat.OpenAICompatBackend",
                   "OPTIONS": {"base_url": server.base_url, "model": "m", "timeout": 2.0}},
    })
    yield server
    server.stop()


def test_guarded_llm_summaries_or_the_extractive_fallback(llm: ScriptedServer) -> None:
    article = make_article("Dunmore water rates rise", summaries=False)
    llm.script(
        # short: faithful
        Reply(body=completion(json.dumps(
            {"summary": "The Dunmore water board approved a 4.5% rate rise on Monday."}))),
        # standard: invents a number
        Reply(body=completion(json.dumps(
            {"summary": "The board approved a 9% rise to replace 40 kilometres of pipe."}))),
        # long: the server is down
        Reply(status=500, body={"error": "down"}),
    )
    rows = {s.length: s for s in make_summaries(article)}
    assert rows["short"].made_by == "llm:openai"
    assert rows["short"].text == "The Dunmore water board approved a 4.5% rate rise on Monday."
    assert rows["short"].sentences == [{"text": rows["short"].text, "paragraph": 0}]
    assert "failed the guard: number" in rows["standard"].made_by
    assert "9%" not in rows["standard"].text and "4.5%" in rows["standard"].text
    assert rows["long"].made_by.endswith("(LLM summary failed)")
    runs = list(RunRecord.objects.filter(article=article).order_by("id"))
    assert [(r.purpose, r.outcome) for r in runs] == [
        ("summary", "ok"), ("summary", "ok"), ("summary", "unavailable")]
    assert runs[0].prompt_version == "summary-v1" and runs[0].tokens_in == 120


def test_offline_backend_never_asks_for_summaries(llm: ScriptedServer,
                                                  options: OptionsOverride) -> None:
    options.set(NEWSDESK_LLM_BACKEND="offline")
    article = make_article("Dunmore water rates rise", summaries=False)
    rows = make_summaries(article)
    assert llm.received == [] and all("llm" not in r.made_by.lower() for r in rows)


@pytest.mark.parametrize(("reply", "expected"), [
    ('{"summary": "Rates rise."}', "Rates rise."),
    ("Summary: Rates rise.", "Rates rise."),
    ('```json\n{"summary": "Rates rise."}\n```', "Rates rise."),
])
def test_parse_summary(reply: str, expected: str) -> None:
    assert parse_summary(reply) == expected


def test_parse_summary_refuses_nothing() -> None:
    with pytest.raises(ValueError):
        parse_summary('{"summary": ""}')
