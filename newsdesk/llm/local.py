"""In-process llama.cpp through the ``xllamacpp`` wheel: a GGUF file, no server to run.

Optional (``pip install newsdesk[local]``): the import happens on first use, so a
missing extra is a clear ``BackendRefused`` instead of an ImportError at start-up.
It loads only a file the operator names and never fetches weights from anywhere.
The engine speaks the OpenAI chat dialect internally, so its replies go through the
same extraction as the HTTP backend's.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

from newsdesk.llm.base import (
    BackendRefused,
    BackendUnavailable,
    BadOutput,
    CompletionRequest,
    CompletionResult,
    Health,
)
from newsdesk.llm.openai_compat import response_format

EXTRA_HINT = "pip install 'newsdesk[local]'"


def default_threads() -> int:
    """All cores but one, so the web process and the database keep a core to themselves."""
    return max(1, (os.cpu_count() or 2) - 1)


class LocalBackend:
    """Loads ``model_path`` once per process, lazily, under a lock."""

    def __init__(
        self,
        name: str,
        model_path: str,
        threads: int | None = None,
        context: int = 4096,
        json_mode: bool = True,
        max_tokens: int | None = None,
    ) -> None:
        if not model_path:
            raise ValueError(f"{name}: model_path is required (a .gguf file on this machine)")
        if "://" in model_path:
            raise ValueError(f"{name}: model_path must be a local file, not a URL; "
                             "newsdesk never downloads weights")
        self.name = name
        self.model_path = model_path
        self.model = Path(model_path).stem
        self.threads = threads if threads is not None else default_threads()
        if self.threads < 1:
            raise ValueError(f"{name}: threads must be at least 1")
        self.context = int(context)
        self.json_mode = json_mode
        self.max_tokens = max_tokens  # a ceiling on reply length for slow CPUs, if any
        self._server: Any = None
        self._lock = threading.Lock()

    def complete(self, request: CompletionRequest) -> CompletionResult:
        server = self._engine()
        payload: dict[str, Any] = {
            "messages": [{"role": m.role, "content": m.content} for m in request.messages],
            "max_tokens": min(request.max_tokens, self.max_tokens or request.max_tokens),
            "temperature": request.temperature,
        }
        if request.json_output and self.json_mode:
            payload["response_format"] = response_format(request)
        started = time.perf_counter()
        try:
            body = server.handle_chat_completions(payload)
        except (RuntimeError, ValueError) as exc:
            raise BackendUnavailable(self.name, f"llama.cpp failed: {exc}") from exc
        latency_ms = (time.perf_counter() - started) * 1000
        return self._result(body, latency_ms)

    def health(self) -> Health:
        problem = self._missing()
        if problem:
            return Health(ok=False, detail=problem)
        return Health(ok=True, detail=f"{self.model_path} with {self.threads} thread(s)")

    def _missing(self) -> str:
        try:
            import xllamacpp  # noqa: F401
        except ImportError:
            return f"the local backend needs the 'local' extra: {EXTRA_HINT}"
        path = Path(self.model_path)
        if not path.is_file():
            return (f"model file {self.model_path} does not exist; point model_path at a "
                    ".gguf file on this machine")
        return ""

    def _engine(self) -> Any:
        with self._lock:
            if self._server is not None:
                return self._server
            problem = self._missing()
            if problem:
                raise BackendRefused(self.name, problem)
            import xllamacpp

            params = xllamacpp.CommonParams()
            params.model.path = str(Path(self.model_path))
            params.n_ctx = self.context
            params.cpuparams.n_threads = self.threads
            params.cpuparams_batch.n_threads = self.threads
            params.verbosity = -1
            # The engine insists on a listening socket; it binds a free loopback port only.
            params.hostnames = ["127.0.0.1"]
            params.port = 0
            try:
                self._server = xllamacpp.Server(params)
            except RuntimeError as exc:
                raise BackendRefused(
                    self.name, f"llama.cpp could not load {self.model_path}: {exc}"
                ) from exc
            return self._server

    def _result(self, body: object, latency_ms: float) -> CompletionResult:
        if not isinstance(body, dict):
            raise BadOutput(self.name, f"engine answered {type(body).__name__}, not an object")
        error = body.get("error")
        if error:
            message = error.get("message") if isinstance(error, dict) else error
            raise BackendUnavailable(self.name, f"llama.cpp error: {str(message)[:200]}")
        choices = body.get("choices")
        content = None
        if isinstance(choices, list) and choices and isinstance(choices[0], dict):
            message = choices[0].get("message")
            if isinstance(message, dict) and isinstance(message.get("content"), str):
                content = message["content"]
        if content is None:
            raise BadOutput(self.name, f"reply has no message content: {str(body)[:200]}")
        usage = body.get("usage") if isinstance(body.get("usage"), dict) else {}
        assert isinstance(usage, dict)
        tokens_in, tokens_out = usage.get("prompt_tokens"), usage.get("completion_tokens")
        return CompletionResult(
            text=content,
            backend=self.name,
            model=self.model,
            latency_ms=latency_ms,
            tokens_in=tokens_in if isinstance(tokens_in, int) else None,
            tokens_out=tokens_out if isinstance(tokens_out, int) else None,
        )
