"""A backend for any server that speaks the OpenAI chat-completions dialect.

Ollama, llama.cpp, vLLM, LM Studio and hosted APIs all do, so one client covers
self-hosted and paid models alike. This module only translates HTTP outcomes into
the error types of ``newsdesk.llm.base``; retrying and falling back are policy and
live in ``newsdesk.editorial``. The reply text is returned raw, reasoning blocks
and all: judging it is the parser's and the guard's job.
"""

from __future__ import annotations

import json
import os
import time
from typing import Any

import httpx

from newsdesk.llm.base import (
    BackendRefused,
    BackendUnavailable,
    BadOutput,
    CompletionRequest,
    CompletionResult,
    Health,
)
from newsdesk.utils.retry_after import parse_retry_after

DEFAULT_KEY_ENV = "NEWSDESK_OPENAI_API_KEY"
_HEALTH_TIMEOUT = 5.0
_SNIPPET = 200


class OpenAICompatBackend:
    """POSTs ``{base_url}/chat/completions``; one short-lived connection per call."""

    def __init__(
        self,
        name: str,
        base_url: str,
        model: str,
        api_key_env: str = DEFAULT_KEY_ENV,
        timeout: float = 60.0,
        require_key: bool = False,
        json_mode: bool = True,
        max_tokens: int | None = None,
    ) -> None:
        if not base_url:
            raise ValueError(f"{name}: base_url is required, e.g. http://127.0.0.1:11434/v1")
        if not model:
            raise ValueError(f"{name}: model is required")
        self.name = name
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.api_key_env = api_key_env
        self.timeout = float(timeout)
        self.require_key = require_key
        # Turned off for good once the server has shown it rejects response_format.
        self.json_mode = json_mode
        # An operator's ceiling on reply length (cost, or a slow CPU model), if any.
        self.max_tokens = max_tokens

    def complete(self, request: CompletionRequest) -> CompletionResult:
        headers = self._headers()
        use_json = request.json_output and self.json_mode
        started = time.perf_counter()
        response = self._post(self._payload(request, use_json), headers)
        if response.status_code == 400 and use_json:
            # Many local servers reject response_format outright; the prompt still asks
            # for JSON, so one plain retry is cheap and usually all that is needed.
            retry = self._post(self._payload(request, False), headers)
            if retry.status_code != 400:
                self.json_mode = False
            response = retry
        latency_ms = (time.perf_counter() - started) * 1000
        self._raise_for_status(response)
        return self._result(response, latency_ms)

    def health(self) -> Health:
        if self.require_key and not os.environ.get(self.api_key_env):
            return Health(ok=False, detail=f"no API key: set {self.api_key_env}")
        try:
            with httpx.Client(timeout=min(self.timeout, _HEALTH_TIMEOUT)) as client:
                response = client.get(f"{self.base_url}/models", headers=self._auth_headers())
        except httpx.HTTPError as exc:
            return Health(ok=False, detail=f"{self.base_url} unreachable: {_describe(exc)}")
        if response.status_code != 200:
            return Health(ok=False, detail=f"GET /models answered HTTP {response.status_code}")
        return Health(ok=True, detail=f"{self.base_url} reachable; model {self.model}")

    # -- request -----------------------------------------------------------------

    def _headers(self) -> dict[str, str]:
        if self.require_key and not os.environ.get(self.api_key_env):
            raise BackendRefused(
                self.name, f"no API key configured: set the {self.api_key_env} environment variable"
            )
        return {"Content-Type": "application/json", **self._auth_headers()}

    def _auth_headers(self) -> dict[str, str]:
        key = os.environ.get(self.api_key_env, "")
        return {"Authorization": f"Bearer {key}"} if key else {}

    def _payload(self, request: CompletionRequest, use_json: bool) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "model": self.model,
            "messages": [{"role": m.role, "content": m.content} for m in request.messages],
            "temperature": request.temperature,
            "max_tokens": min(request.max_tokens, self.max_tokens or request.max_tokens),
        }
        if use_json:
            payload["response_format"] = response_format(request)
        return payload

    def _post(self, payload: dict[str, Any], headers: dict[str, str]) -> httpx.Response:
        url = f"{self.base_url}/chat/completions"
        timeout = httpx.Timeout(self.timeout, connect=min(self.timeout, 10.0))
        try:
            with httpx.Client(timeout=timeout) as client:
                return client.post(url, json=payload, headers=headers)
        except httpx.TimeoutException as exc:
            raise BackendUnavailable(
                self.name, f"no reply from {url} within {self.timeout:g}s ({_describe(exc)})"
            ) from exc
        except httpx.TransportError as exc:
            raise BackendUnavailable(self.name, f"cannot reach {url}: {_describe(exc)}") from exc

    # -- response ----------------------------------------------------------------

    def _raise_for_status(self, response: httpx.Response) -> None:
        status = response.status_code
        if status == 200:
            return
        reason = f"HTTP {status}: {_error_snippet(response)}"
        if status == 429 or status >= 500:
            raise BackendUnavailable(
                self.name, reason, retry_after=parse_retry_after(response.headers)
            )
        if status in (401, 403):
            raise BackendRefused(
                self.name,
                f"{reason} — the server rejected the credentials; "
                f"set {self.api_key_env} to a valid API key",
            )
        if status == 404:
            raise BackendRefused(
                self.name, f"{reason} — check base_url ({self.base_url}) and model ({self.model})"
            )
        raise BackendRefused(self.name, reason)

    def _result(self, response: httpx.Response, latency_ms: float) -> CompletionResult:
        try:
            body = response.json()
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise BadOutput(
                self.name, f"reply body is not JSON: {response.text[:_SNIPPET]!r}"
            ) from exc
        content = _message_content(body)
        if content is None:
            raise BadOutput(
                self.name, f"reply has no choices[0].message.content: {str(body)[:_SNIPPET]}"
            )
        usage = body.get("usage") if isinstance(body, dict) else None
        model = body.get("model") if isinstance(body, dict) else None
        return CompletionResult(
            text=content,
            backend=self.name,
            model=model if isinstance(model, str) and model else self.model,
            latency_ms=latency_ms,
            tokens_in=_int_or_none(usage, "prompt_tokens"),
            tokens_out=_int_or_none(usage, "completion_tokens"),
        )


def response_format(request: CompletionRequest) -> dict[str, Any]:
    """Structured output when the request carries a schema, else plain JSON mode."""
    if request.json_schema is not None:
        return {"type": "json_schema",
                "json_schema": {"name": request.purpose, "strict": True,
                                "schema": dict(request.json_schema)}}
    return {"type": "json_object"}


def _message_content(body: object) -> str | None:
    if not isinstance(body, dict):
        return None
    choices = body.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        return None
    message = choices[0].get("message")
    if not isinstance(message, dict):
        return None
    content = message.get("content")
    return content if isinstance(content, str) else None


def _int_or_none(usage: object, key: str) -> int | None:
    if not isinstance(usage, dict):
        return None
    value = usage.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _error_snippet(response: httpx.Response) -> str:
    """The server's own error message when it sent one, else the start of the body."""
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return response.text[:_SNIPPET].strip() or response.reason_phrase
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict) and isinstance(error.get("message"), str):
            return str(error["message"])[:_SNIPPET]
        if isinstance(error, str):
            return error[:_SNIPPET]
    return json.dumps(body)[:_SNIPPET]


def _describe(exc: Exception) -> str:
    return str(exc) or type(exc).__name__
