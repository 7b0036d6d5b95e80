"""The in-process llama.cpp backend: clear errors without the extra or the file, and a
real completion from SmolLM2-135M when the dev install provides it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from newsdesk.llm.base import BackendRefused, CompletionRequest, Message
from newsdesk.llm.local import LocalBackend, default_threads
from newsdesk.llm.registry import build_backends
from tests.smollm2_server import require_smollm2

REQUEST = CompletionRequest(messages=(Message("user", "Say hello."),), purpose="test",
                            prompt_version="t", json_output=False, max_tokens=8)


def test_threads_default_to_all_cores_but_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("os.cpu_count", lambda: 8)
    assert default_threads() == 7
    monkeypatch.setattr("os.cpu_count", lambda: 1)
    assert default_threads() == 1


def test_a_url_is_refused_because_weights_are_never_downloaded() -> None:
    with pytest.raises(ValueError, match="never downloads"):
        LocalBackend(name="local", model_path="https://example.org/model.gguf")


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nope.gguf"
    backend = LocalBackend(name="local", model_path=str(missing))
    assert not backend.health().ok
    with pytest.raises(BackendRefused, match=r"nope\.gguf does not exist"):
        backend.complete(REQUEST)


def test_a_missing_extra_says_what_to_install(monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF")
    monkeypatch.setitem(sys.modules, "xllamacpp", None)  # import now raises ImportError
    backend = LocalBackend(name="local", model_path=str(model))
    with pytest.raises(BackendRefused, match=r"newsdesk\[local\]"):
        backend.complete(REQUEST)


def test_registry_builds_it_with_threads() -> None:
    built = build_backends({"local": {"BACKEND": "newsdesk.llm.local.LocalBackend",
                                      "OPTIONS": {"model_path": "/models/x.gguf",
                                                  "threads": 3}}})
    backend = built["local"]
    assert isinstance(backend, LocalBackend) and backend.threads == 3


def test_smollm2_answers_in_process() -> None:
    backend = LocalBackend(name="local", model_path=str(require_smollm2()), threads=1,
                           context=512)
    assert backend.health().ok
    result = backend.complete(REQUEST)
    assert result.text.strip() and result.backend == "local"
    assert result.tokens_in and result.tokens_out and result.tokens_out <= 8
    assert result.model == "SmolLM2-135M-Instruct.Q4_1"
