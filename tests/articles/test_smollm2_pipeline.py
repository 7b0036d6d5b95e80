"""The whole pipeline against a real small model on 127.0.0.1 (SmolLM2-135M via
xllamacpp's OpenAI-compatible server). It writes badly on purpose: whatever it invents
must be caught and sent to review, and nothing it invents may reach the site."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client

from newsdesk.articles import pipeline
from newsdesk.articles.models import Article, RunRecord
from tests.smollm2_server import SmolServer, require_smollm2
from tests.support.factories import make_item
from tests.support.options import OptionsOverride

# One short item: on a shared 2-core machine the model writes a few tokens a second.
SOURCES = [
    ("Council votes on warming centers",
     "Brannock County Council voted 153 to 12 on Tuesday to release $2.5 million for "
     "warming centers after freezing rain cut power to 48,000 homes."),
]
_NUMBER = re.compile(r"\d[\d,.]*")
# An empty feed says it was updated "now" (Django's syndication default), so its clock
# digits change between two requests; they are not something the model wrote.
_TIMESTAMP = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?"  # ISO 8601
    r"|\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} (?:[+-]\d{4}|GMT|UTC)"  # RFC 2822
)


def _shown(page: str) -> str:
    """The page as a reader sees its content, without the clock's timestamps."""
    return _TIMESTAMP.sub(" ", page)


@pytest.fixture(scope="module")
def smol() -> Iterator[SmolServer]:
    server = SmolServer(require_smollm2())
    yield server
    server.stop()


PUBLIC = ["/", "/feeds/rss.xml", "/feeds/atom.xml", "/sitemap.xml", "/api/articles/",
          "/search/?q=warming", "/api/search/?q=warming"]
# Kinds that say the small model stated something the source does not (or cited nothing).
CAUGHT = {"number", "date", "time", "name", "quote", "unsupported", "attribution", "padding",
          "leak", "incomplete", "dropped_name"}


@pytest.fixture
def smol_settings(smol: SmolServer, options: OptionsOverride) -> Iterator[SmolServer]:
    # No fallback: what SmolLM2 writes is what the pipeline must judge. (With the offline
    # fallback, only unusable replies would be replaced; see test_pipeline_review.py.)
    options.set(NEWSDESK_LLM_BACKEND="smol", NEWSDESK_LLM_FALLBACK="", NEWSDESK_AUTO_PUBLISH=True)
    options.set_llm_backends({
        "offline": {"BACKEND": "newsdesk.llm.offline.OfflineBackend"},
        "smol": {"BACKEND": "newsdesk.llm.openai_compat.OpenAICompatBackend",
                 "OPTIONS": {"base_url": smol.base_url, "model": "smollm2", "timeout": 300,
                             "max_tokens": 160}},
    })
    yield smol


@pytest.mark.django_db(transaction=True)
def test_what_smollm2_invents_is_caught_and_held_for_review(smol_settings: SmolServer) -> None:
    client = Client()
    # What the site shows before any article: a span found here (a year in a feed, a number
    # in the markup) is not something the model put there.
    before = {path: _shown(client.get(path).content.decode()) for path in PUBLIC}
    for title, text in SOURCES:
        item = make_item(text=text, title=title, outlet="Harlow Wire")
        article = pipeline.process_item(item.pk)
        assert article is not None, item.error
        runs = RunRecord.objects.filter(source_item=item, backend="smol")
        # The model really answered over HTTP, and each call was logged with its usage.
        assert runs.exists() and all(r.latency_ms > 0 for r in runs)
        assert any(r.tokens_out for r in runs)

        # Written by SmolLM2, judged, and held: never published, never replaced unseen.
        assert article.made_by == "smol" and not article.extractive
        assert article.status == Article.Status.REVIEW
        assert not article.guard_passed
        kinds = {p["kind"] for p in article.guard_problems}
        if "unparseable" not in kinds:
            # It reached the guard (the usual case): the problems say what it got wrong,
            # the classifier's score is stored, and each quoted span is in its text.
            assert kinds & CAUGHT, article.guard_problems
            assert article.guard_score is not None
        stored = " ".join([article.headline, article.body])
        located = [p for p in article.guard_problems
                   if p["span"] and p["kind"] != "headline"]
        assert located and all(p["span"] in stored for p in located), article.guard_problems

        # Nothing it wrote is on any public page.
        source_numbers = {n.rstrip(".,") for n in _NUMBER.findall(f"{title} {text}")}
        invented = {n.rstrip(".,") for n in _NUMBER.findall(stored)} - source_numbers
        invented |= {p["span"] for p in article.guard_problems
                     if p["kind"] in {"name", "quote", "unsupported"} and p["span"]}
        cache.clear()  # the baseline's cached pages must not stand in for fresh ones
        for path in PUBLIC:
            response = client.get(path)
            assert response.status_code == 200, path
            page = _shown(response.content.decode())
            assert article.headline not in page, path
            leaked = {span for span in invented if span in page and span not in before[path]}
            assert not leaked, f"{path} shows what SmolLM2 invented: {leaked}"
        assert client.get(f"/articles/{article.slug}/").status_code == 404
        assert client.get(f"/articles/{article.slug}.json").status_code == 404
        assert client.get(f"/api/articles/{article.slug}/").status_code == 404
