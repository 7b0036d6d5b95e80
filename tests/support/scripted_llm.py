"""The pipeline wired to a scripted OpenAI-compatible server, with the offline fallback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from tests.openai_server import ScriptedServer
from tests.support.options import OptionsOverride


@contextmanager
def scripted_llm(options: OptionsOverride, *, timeout: float) -> Iterator[ScriptedServer]:
    """Point NEWSDESK_LLM_BACKEND at a fresh scripted server on 127.0.0.1 for one test."""
    server = ScriptedServer()
    server.start()
    options.set(NEWSDESK_LLM_BACKEND="openai", NEWSDESK_LLM_FALLBACK="offline")
    options.set_llm_backends({
        "offline": {"BACKEND": "newsdesk.llm.offline.OfflineBackend"},
        "openai": {"BACKEND": "newsdesk.llm.openai_compat.OpenAICompatBackend",
                   "OPTIONS": {"base_url": server.base_url, "model": "test",
                               "timeout": timeout}},
    })
    try:
        yield server
    finally:
        server.stop()
