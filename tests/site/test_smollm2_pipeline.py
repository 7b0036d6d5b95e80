"""The whole pipeline against a real small model on 127.0.0.1 (SmolLM2-135M via
xllamacpp's OpenAI-compatible server). It writes badly on purpose: whatever it invents
must be caught and sent to review, and nothing it invents may reach the site."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from newsdesk.articles import pipeline
from newsdesk.articles.models import Article, RunRecord
from tests.site.factories import make_item
from tests.smollm2_server import SmolServer, require_smollm2

# One short item: on a shared 2-core machine the model writes a few tokens a second.
SOURCES = [
    ("Council votes on warming centers",
     "Brannock County Council voted 153 to 12 on Tuesday to release $2.5 million for "
     "warming centers after freezing rain cut power to 48,000 homes."),
]
_NUMBER = re.compile(r"\d[\d,.]*")


@pytest.fixture(scope="module")
def smol() -> Iterator[SmolServer]:
    server = SmolServer(require_smollm2())
    yield server
    server.stop()


@pytest.fixture
def smol_settings(smol: SmolServer, settings: Any) -> Iterator[SmolServer]:
    settings.NEWSDESK_LLM_BACKEND = "smol"
    settings.NEWSDESK_LLM_FALLBACK = "offline"
    settings.NEWSDESK_AUTO_PUBLISH = True
    settings.NEWSDESK_LLM_BACKENDS = {
        "offline": {"BACKEND": "newsdesk.llm.offline.OfflineBackend"},
        "smol": {"BACKEND": "newsdesk.llm.openai_compat.OpenAICompatBackend",
                 "OPTIONS": {"base_url": smol.base_url, "model": "smollm2", "timeout": 300,
                             "max_tokens": 160}},
    }
    pipeline.backends.cache_clear()
    yield smol
    pipeline.backends.cache_clear()


@pytest.mark.django_db(transaction=True)
def test_nothing_smollm2_invents_is_published(smol_settings: SmolServer) -> None:
    client = Client()
    for title, text in SOURCES:
        item = make_item(text=text, title=title, outlet="Harlow Wire")
        article = pipeline.process_item(item.pk)
        assert article is not None, item.error
        runs = RunRecord.objects.filter(source_item=item, backend="smol")
        # The model really answered over HTTP, and each call was logged with its usage.
        assert runs.exists() and all(r.latency_ms > 0 for r in runs)
        assert any(r.tokens_out for r in runs)
        source_numbers = {n.rstrip(".,") for n in _NUMBER.findall(f"{title} {text}")}
        if article.made_by != "smol":
            # Caught before the guard: unusable output, repaired once, then the fallback.
            assert all(r.outcome != "ok" and r.error for r in runs)
            assert article.made_by == "offline" and article.extractive
        if article.status == Article.Status.PUBLISHED:
            assert article.guard_passed
            page = client.get(f"/articles/{article.slug}/").content.decode()
            body = " ".join([article.headline, *article.paragraphs])
            invented = {n.rstrip(".,") for n in _NUMBER.findall(body)} - source_numbers
            assert not invented, f"published invented numbers {invented}"
            assert article.headline in page
        else:
            assert article.status == Article.Status.REVIEW
            assert not article.guard_passed and article.guard_problems
            assert client.get(f"/articles/{article.slug}/").status_code == 404
