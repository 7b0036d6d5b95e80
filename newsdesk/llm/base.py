"""Types, errors and the protocol every LLM backend implements.

Backends know how to complete a request; what to do when one fails (retry, fall
back, send to review) is editorial policy and lives in ``newsdesk.editorial``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, Protocol, runtime_checkable

Role = Literal["system", "user", "assistant"]


@dataclass(frozen=True)
class Message:
    role: Role
    content: str


@dataclass(frozen=True)
class SourceDocument:
    """One stored source item handed to a backend: the fact base of the request.

    ``label`` is exactly what a rewrite must write inside ``[Source: …]``.
    """

    label: str
    url: str
    title: str
    text: str


@dataclass(frozen=True)
class CompletionRequest:
    """What to ask. ``sources`` travel beside the messages so that a backend that
    works from the facts directly (the offline one) needs no prompt parsing."""

    messages: tuple[Message, ...]
    purpose: str
    prompt_version: str
    sources: tuple[SourceDocument, ...] = ()
    json_output: bool = True
    # A JSON Schema for structured output, sent where the server supports it; the
    # prompt asks for the same shape, so a server that refuses it loses little.
    json_schema: Mapping[str, Any] | None = None
    max_tokens: int = 1024
    temperature: float = 0.2


@dataclass(frozen=True)
class CompletionResult:
    text: str
    backend: str
    model: str
    latency_ms: float
    tokens_in: int | None = None
    tokens_out: int | None = None
    extractive: bool = False


@dataclass(frozen=True)
class Health:
    ok: bool
    detail: str = ""


class LLMError(Exception):
    """Base of every backend error; ``backend`` names who raised it."""

    def __init__(self, backend: str, message: str) -> None:
        super().__init__(f"{backend}: {message}")
        self.backend = backend


class BackendUnavailable(LLMError):
    """Timeout, connection failure, 429 or 5xx: worth a retry, then a fallback."""

    def __init__(self, backend: str, message: str, retry_after: float | None = None) -> None:
        super().__init__(backend, message)
        self.retry_after = retry_after


class BackendRefused(LLMError):
    """Misconfiguration or rejected credentials: retrying will not help; the message
    says what to set (for example which environment variable holds the key)."""


class BadOutput(LLMError):
    """The backend answered, but not with what was asked: repair once, then review."""


@runtime_checkable
class Backend(Protocol):
    name: str

    def complete(self, request: CompletionRequest) -> CompletionResult: ...

    def health(self) -> Health: ...
