"""The pipeline wired to a scripted OpenAI-compatible server, with the offline fallback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from newsdesk.articles import pipeline
from tests.openai_server import ScriptedServer


@contextmanager
def scripted_llm(settings: Any, *, timeout: float) -> Iterator[ScriptedServer]:
    """Point NEWSDESK_LLM_BACKEND at a fresh scripted server on 127.0.0.1 for one test."""
    server = ScriptedServer()
    server.start()
    settings.NEWSDESK_LLM_BACKEND = "openai"
    settings.NEWSDESK_LLM_FALLBACK = "offline"
    settings.NEWSDESK_LLM_BACKENDS = {
        "offline": {"BACKEND": "newsdesk.llm.offline.OfflineBackend"},
        "openai": {"BACKEND": "newsdesk.llm.openai_compat.OpenAICompatBackend",
                   "OPTIONS": {"base_url": server.base_url, "model": "test",
                               "timeout": timeout}},
    }
    pipeline.backends.cache_clear()
    try:
        yield server
    finally:
        server.stop()
        pipeline.backends.cache_clear()
