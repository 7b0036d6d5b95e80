"""OpenAICompatBackend against a real scripted HTTP server on 127.0.0.1."""

from __future__ import annotations

import socket
from typing import Any

import httpx
import pytest

from newsdesk.editorial.rewrite.prompt import build_rewrite_request
from newsdesk.llm.base import (
    BackendRefused,
    BackendUnavailable,
    BadOutput,
    CompletionRequest,
    Message,
    SourceDocument,
)
from newsdesk.llm.openai_compat import OpenAICompatBackend
from newsdesk.utils.retry_after import parse_retry_after
from tests.openai_server import Reply, ScriptedServer, completion
from tests.support.llm import GOOD_REPLY


def backend(server: ScriptedServer, **options: Any) -> OpenAICompatBackend:
    return OpenAICompatBackend(
        name="local",
        base_url=server.base_url,
        model="qwen-test",
        **options,
    )


def test_happy_path_request_shape_tokens_and_latency(
    llm_server: ScriptedServer, wire_source: SourceDocument
) -> None:
    llm_server.reply_content(GOOD_REPLY, tokens_in=321, tokens_out=123)
    request = build_rewrite_request([wire_source])

    result = backend(llm_server).complete(request)

    assert result.text == GOOD_REPLY
    assert (result.tokens_in, result.tokens_out) == (321, 123)
    assert result.backend == "local"
    assert result.model == "test-model"
    assert result.latency_ms > 0
    assert not result.extractive
    [sent] = llm_server.received
    assert (sent.method, sent.path) == ("POST", "/v1/chat/completions")
    body = sent.json
    assert body["model"] == "qwen-test"
    assert body["response_format"]["type"] == "json_schema"
    schema = body["response_format"]["json_schema"]["schema"]
    assert schema["required"] == ["headline", "paragraphs"]
    assert body["temperature"] == request.temperature
    assert body["max_tokens"] == request.max_tokens
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    assert "[Source: Valley Wire]" not in body["messages"][1]["content"]
    assert 'label="Valley Wire"' in body["messages"][1]["content"]
    assert "authorization" not in sent.headers


def test_trailing_slash_in_base_url_is_tolerated(llm_server: ScriptedServer) -> None:
    llm_server.reply_content("{}")
    client = OpenAICompatBackend("local", llm_server.base_url + "/", "m")
    client.complete(_plain_request())
    assert llm_server.received[0].path == "/v1/chat/completions"


def test_no_response_format_when_json_not_asked(llm_server: ScriptedServer) -> None:
    llm_server.reply_content("hello")
    backend(llm_server).complete(_plain_request(json_output=False))
    assert "response_format" not in llm_server.received[0].json


def test_api_key_is_read_from_env_at_call_time(
    llm_server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = backend(llm_server, api_key_env="TEST_LLM_KEY")
    monkeypatch.setenv("TEST_LLM_KEY", "sk-test-123")
    llm_server.reply_content("{}")
    client.complete(_plain_request())
    assert llm_server.received[0].headers["authorization"] == "Bearer sk-test-123"


def test_missing_key_with_require_key_is_refused_naming_the_variable(
    llm_server: ScriptedServer,
) -> None:
    with pytest.raises(BackendRefused, match="NEWSDESK_OPENAI_API_KEY"):
        backend(llm_server, require_key=True).complete(_plain_request())
    assert llm_server.received == []
    assert not backend(llm_server, require_key=True).health().ok


@pytest.mark.parametrize("status", [401, 403])
def test_rejected_credentials_are_refused(llm_server: ScriptedServer, status: int) -> None:
    llm_server.reply_json({"error": {"message": "invalid api key"}}, status=status)
    with pytest.raises(BackendRefused, match=r"invalid api key.*set NEWSDESK_OPENAI_API_KEY"):
        backend(llm_server).complete(_plain_request())


def test_429_is_unavailable_with_retry_after(llm_server: ScriptedServer) -> None:
    llm_server.reply_json({"error": "slow down"}, status=429, headers={"Retry-After": "3"})
    with pytest.raises(BackendUnavailable) as caught:
        backend(llm_server).complete(_plain_request())
    assert caught.value.retry_after == 3.0
    assert "429" in str(caught.value)


def test_500_is_unavailable(llm_server: ScriptedServer) -> None:
    llm_server.script(Reply(status=503, body="upstream gone"))
    with pytest.raises(BackendUnavailable, match="503: upstream gone") as caught:
        backend(llm_server).complete(_plain_request())
    assert caught.value.retry_after is None


def test_slow_reply_times_out_as_unavailable(llm_server: ScriptedServer) -> None:
    llm_server.script(Reply(body=completion("{}"), delay=3.0))
    with pytest.raises(BackendUnavailable, match=r"within 0\.2s"):
        backend(llm_server, timeout=0.2).complete(_plain_request())


def test_connection_refused_is_unavailable() -> None:
    # The port stays bound, never listening, for the whole test: no other socket can take
    # it meanwhile, and a connection to it is refused every time.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        client = OpenAICompatBackend("gone", f"http://127.0.0.1:{port}/v1", "m", timeout=1.0)
        with pytest.raises(BackendUnavailable, match="cannot reach"):
            client.complete(_plain_request())
        assert not client.health().ok


def test_malformed_json_body_is_bad_output(llm_server: ScriptedServer) -> None:
    llm_server.script(Reply(body='{"choices": [ oops'))
    with pytest.raises(BadOutput, match="not JSON"):
        backend(llm_server).complete(_plain_request())


def test_missing_content_is_bad_output(llm_server: ScriptedServer) -> None:
    llm_server.reply_json({"choices": [{"message": {"role": "assistant", "content": None}}]})
    with pytest.raises(BadOutput, match=r"choices\[0\]\.message\.content"):
        backend(llm_server).complete(_plain_request())


def test_think_blocks_are_returned_raw(llm_server: ScriptedServer) -> None:
    raw = "<think>the user wants JSON</think>{}"
    llm_server.reply_content(raw)
    assert backend(llm_server).complete(_plain_request()).text == raw


def test_json_mode_rejected_with_400_is_retried_without_response_format(
    llm_server: ScriptedServer,
) -> None:
    llm_server.reply_json({"error": {"message": "response_format is not supported"}}, status=400)
    llm_server.reply_content("{}")
    llm_server.reply_content("{}")
    client = backend(llm_server)

    assert client.complete(_plain_request()).text == "{}"
    first, second = llm_server.received
    assert first.json["response_format"] == {"type": "json_object"}
    assert "response_format" not in second.json
    # Learned: the next call does not waste a request on json mode.
    client.complete(_plain_request())
    assert "response_format" not in llm_server.received[2].json


def test_other_400_is_refused_after_the_plain_retry(llm_server: ScriptedServer) -> None:
    llm_server.reply_json({"error": {"message": "context too long"}}, status=400)
    llm_server.reply_json({"error": {"message": "context too long"}}, status=400)
    client = backend(llm_server)
    with pytest.raises(BackendRefused, match="context too long"):
        client.complete(_plain_request())
    assert client.json_mode  # a plain 400 again says nothing about json mode


def test_404_is_refused_pointing_at_base_url_and_model(llm_server: ScriptedServer) -> None:
    llm_server.reply_json({"error": {"message": "model not found"}}, status=404)
    with pytest.raises(BackendRefused, match="check base_url"):
        backend(llm_server, json_mode=False).complete(_plain_request())


def test_health_gets_models(llm_server: ScriptedServer) -> None:
    llm_server.reply_json({"data": [{"id": "qwen-test"}]})
    assert backend(llm_server).health().ok
    assert llm_server.received[0].method == "GET"
    assert llm_server.received[0].path == "/v1/models"


def test_health_reports_http_errors(llm_server: ScriptedServer) -> None:
    llm_server.reply_json({}, status=500)
    health = backend(llm_server).health()
    assert not health.ok
    assert "500" in health.detail


def test_retry_after_accepts_an_http_date() -> None:
    from datetime import UTC, datetime

    now = datetime(2025, 1, 1, 12, 0, 0, tzinfo=UTC)
    headers = httpx.Headers({"Retry-After": "Wed, 01 Jan 2025 12:00:30 GMT"})
    assert parse_retry_after(headers, now=now) == 30.0
    assert parse_retry_after(httpx.Headers({"Retry-After": "soon"})) is None
    assert parse_retry_after(httpx.Headers({})) is None
    # A hostile or broken server's non-finite wait is junk, not a wait of forever.
    for junk in ("inf", "-inf", "nan", "1e999"):
        assert parse_retry_after(httpx.Headers({"Retry-After": junk})) is None, junk


def _plain_request(*, json_output: bool = True) -> CompletionRequest:
    return CompletionRequest(
        messages=(Message("user", "Say hi in JSON."),),
        purpose="test",
        prompt_version="test-v0",
        json_output=json_output,
    )
