"""The rewrite policy end to end: the real HTTP backend, a scripted server, offline fallback."""

from __future__ import annotations

import json

import pytest

from newsdesk.editorial.rewrite.checks import check_rewrite
from newsdesk.editorial.rewrite.policy import RetryPolicy, UnusableOutput, rewrite
from newsdesk.editorial.rewrite.prompt import PROMPT_VERSION, build_rewrite_request, system_prompt
from newsdesk.llm.base import (
    BackendRefused,
    BackendUnavailable,
    BadOutput,
    CompletionRequest,
    CompletionResult,
    Health,
    SourceDocument,
)
from newsdesk.llm.offline import OfflineBackend
from newsdesk.llm.openai_compat import OpenAICompatBackend
from tests.openai_server import Reply, ScriptedServer, completion
from tests.support.llm import GOOD_HEADLINE, GOOD_REPLY


class Sleeps:
    """Injected in place of time.sleep: records, never waits."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


def http(server: ScriptedServer, timeout: float = 5.0) -> OpenAICompatBackend:
    return OpenAICompatBackend("local", server.base_url, "qwen-test", timeout=timeout)


def no_jitter() -> float:
    return 0.0


def test_ok_on_first_call(
    llm_server: ScriptedServer, wire_source: SourceDocument, sleeps: Sleeps
) -> None:
    llm_server.reply_content(GOOD_REPLY)
    outcome = rewrite([wire_source], http(llm_server), fallback=OfflineBackend(), sleep=sleeps)
    assert outcome.rewrite.headline == GOOD_HEADLINE
    assert outcome.rewrite.labels_used == ("Valley Wire",)
    assert not outcome.fell_back
    assert outcome.prompt_version == PROMPT_VERSION
    assert [a.outcome for a in outcome.attempts] == ["ok"]
    assert outcome.result.backend == "local"
    assert sleeps.calls == []


def test_429_with_retry_after_is_honoured_then_succeeds(
    llm_server: ScriptedServer, wire_source: SourceDocument, sleeps: Sleeps
) -> None:
    llm_server.reply_json({"error": "rate limited"}, status=429, headers={"Retry-After": "2"})
    llm_server.reply_content(GOOD_REPLY)
    outcome = rewrite([wire_source], http(llm_server), sleep=sleeps, rng=no_jitter)
    assert [a.outcome for a in outcome.attempts] == ["unavailable", "ok"]
    assert sleeps.calls == [2.0]
    assert len(llm_server.received) == 2


def test_500_twice_then_ok_backs_off_exponentially(
    llm_server: ScriptedServer, wire_source: SourceDocument, sleeps: Sleeps
) -> None:
    llm_server.script(Reply(status=500, body="boom"), Reply(status=502, body="boom"))
    llm_server.reply_content(GOOD_REPLY)
    policy = RetryPolicy(base_delay=0.5, jitter=0.5)
    outcome = rewrite([wire_source], http(llm_server), sleep=sleeps, policy=policy, rng=lambda: 1.0)
    assert [a.outcome for a in outcome.attempts] == ["unavailable", "unavailable", "ok"]
    assert sleeps.calls == [0.75, 1.5]
    assert not outcome.fell_back


def test_persistent_500_falls_back_to_offline(
    llm_server: ScriptedServer, wire_source: SourceDocument, sleeps: Sleeps
) -> None:
    llm_server.script(*[Reply(status=500, body="down") for _ in range(3)])
    outcome = rewrite([wire_source], http(llm_server), fallback=OfflineBackend(), sleep=sleeps)
    assert outcome.fell_back
    assert "500" in outcome.fallback_reason
    assert outcome.result.extractive
    assert outcome.result.backend == "offline"
    assert [(a.backend, a.outcome) for a in outcome.attempts] == [
        ("local", "unavailable"),
        ("local", "unavailable"),
        ("local", "unavailable"),
        ("offline", "ok"),
    ]
    assert len(sleeps.calls) == 2
    assert len(llm_server.received) == 3


def test_persistent_500_without_fallback_raises(
    llm_server: ScriptedServer, wire_source: SourceDocument, sleeps: Sleeps
) -> None:
    llm_server.script(*[Reply(status=500, body="down") for _ in range(3)])
    with pytest.raises(BackendUnavailable):
        rewrite([wire_source], http(llm_server), sleep=sleeps)


def test_retry_after_beyond_the_sleep_budget_falls_back_at_once(
    llm_server: ScriptedServer, wire_source: SourceDocument, sleeps: Sleeps
) -> None:
    llm_server.reply_json({}, status=429, headers={"Retry-After": "3600"})
    outcome = rewrite(
        [wire_source],
        http(llm_server),
        fallback=OfflineBackend(),
        sleep=sleeps,
        policy=RetryPolicy(max_total_sleep=10.0),
    )
    assert outcome.fell_back
    assert sleeps.calls == []


def test_slow_reply_times_out_and_falls_back(
    llm_server: ScriptedServer, wire_source: SourceDocument, sleeps: Sleeps
) -> None:
    llm_server.script(*[Reply(body=completion(GOOD_REPLY), delay=3.0) for _ in range(3)])
    outcome = rewrite(
        [wire_source], http(llm_server, timeout=0.2), fallback=OfflineBackend(), sleep=sleeps
    )
    assert outcome.fell_back
    assert "within 0.2s" in outcome.fallback_reason
    assert [a.outcome for a in outcome.attempts][-1] == "ok"


def test_non_json_content_gets_one_repair_carrying_the_reason(
    llm_server: ScriptedServer, wire_source: SourceDocument, sleeps: Sleeps
) -> None:
    llm_server.reply_content("Sure! Here is your article about the power outages.")
    llm_server.reply_content(GOOD_REPLY)
    outcome = rewrite([wire_source], http(llm_server), fallback=OfflineBackend(), sleep=sleeps)

    assert not outcome.fell_back
    assert outcome.rewrite.headline == GOOD_HEADLINE
    assert [a.outcome for a in outcome.attempts] == ["bad_output", "ok"]
    assert len(llm_server.received) == 2
    reason = outcome.attempts[0].detail
    assert "no JSON object" in reason
    messages = llm_server.received[1].json["messages"]
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "user"]
    assert messages[2]["content"].startswith("Sure! Here is your article")
    assert reason in messages[3]["content"]


def test_unknown_label_goes_to_the_guard_which_names_it(
    llm_server: ScriptedServer, wire_source: SourceDocument, sleeps: Sleeps
) -> None:
    """A readable rewrite citing a source it was not given is not a parse failure: the
    guard reports the marker where it stands, so the article waits for an editor."""
    wrong = json.dumps({"headline": "Outage", "paragraphs": ["Power out. [Source: Reuters]"]})
    llm_server.reply_content(wrong)
    outcome = rewrite([wire_source], http(llm_server), sleep=sleeps)
    assert len(llm_server.received) == 1 and not outcome.fell_back
    assert outcome.rewrite.labels_used == ()
    checked = check_rewrite(outcome.rewrite.headline, outcome.rewrite.paragraphs,
                            wire_source.title, wire_source.text, {wire_source.label},
                            judge=False)
    assert not checked.passed
    assert {"kind": "attribution", "span": "[Source: Reuters]",
            "message": "unknown source label 'Reuters'"} in checked.problems


def test_echoed_prompt_is_repaired_once_then_falls_back(
    llm_server: ScriptedServer, wire_source: SourceDocument, sleeps: Sleeps
) -> None:
    request = build_rewrite_request([wire_source])
    echo = request.messages[0].content + "\n\n" + request.messages[1].content
    llm_server.reply_content(echo)
    llm_server.reply_content(echo)
    outcome = rewrite([wire_source], http(llm_server), fallback=OfflineBackend(), sleep=sleeps)

    assert outcome.fell_back
    assert [(a.backend, a.outcome) for a in outcome.attempts] == [
        ("local", "bad_output"),
        ("local", "bad_output"),
        ("offline", "ok"),
    ]
    assert len(llm_server.received) == 2
    assert outcome.rewrite.headline == "Freezing rain cuts power to 48,000 in Marion region"
    assert system_prompt() not in outcome.rewrite.headline


def test_echoed_prompt_without_fallback_raises_bad_output(
    llm_server: ScriptedServer, wire_source: SourceDocument, sleeps: Sleeps
) -> None:
    echo = system_prompt()
    llm_server.reply_content(echo)
    llm_server.reply_content(echo)
    with pytest.raises(UnusableOutput, match="repeats the instructions") as raised:
        rewrite([wire_source], http(llm_server), sleep=sleeps)
    assert isinstance(raised.value, BadOutput)
    assert raised.value.text == echo  # kept, so an editor can be shown what came back
    assert len(llm_server.received) == 2  # one repair, no more


def test_malformed_http_body_is_retried_as_a_repair(
    llm_server: ScriptedServer, wire_source: SourceDocument, sleeps: Sleeps
) -> None:
    llm_server.script(Reply(body="<html>proxy error</html>"))
    llm_server.reply_content(GOOD_REPLY)
    outcome = rewrite([wire_source], http(llm_server), sleep=sleeps)
    assert [a.outcome for a in outcome.attempts] == ["bad_output", "ok"]
    assert "not JSON" in llm_server.received[1].json["messages"][-1]["content"]


def test_json_mode_rejected_then_rewrite_succeeds(
    llm_server: ScriptedServer, wire_source: SourceDocument, sleeps: Sleeps
) -> None:
    llm_server.reply_json({"error": {"message": "unknown field response_format"}}, status=400)
    llm_server.reply_content(GOOD_REPLY)
    outcome = rewrite([wire_source], http(llm_server), sleep=sleeps)
    assert [a.outcome for a in outcome.attempts] == ["ok"]
    assert "response_format" in llm_server.received[0].json
    assert "response_format" not in llm_server.received[1].json


def test_refused_is_not_retried_and_falls_back(
    llm_server: ScriptedServer,
    wire_source: SourceDocument,
    sleeps: Sleeps,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NEWSDESK_OPENAI_API_KEY", "sk-wrong")
    llm_server.reply_json({"error": {"message": "bad key"}}, status=401)
    outcome = rewrite([wire_source], http(llm_server), fallback=OfflineBackend(), sleep=sleeps)
    assert outcome.fell_back
    assert "NEWSDESK_OPENAI_API_KEY" in outcome.fallback_reason
    assert [a.outcome for a in outcome.attempts] == ["refused", "ok"]
    assert len(llm_server.received) == 1


def test_refused_without_fallback_reraises(
    llm_server: ScriptedServer, wire_source: SourceDocument, sleeps: Sleeps
) -> None:
    llm_server.reply_json({"error": {"message": "bad key"}}, status=403)
    with pytest.raises(BackendRefused):
        rewrite([wire_source], http(llm_server), sleep=sleeps)
    assert len(llm_server.received) == 1


def test_failing_fallback_raises_its_own_error_chained_to_the_primary(
    wire_source: SourceDocument, sleeps: Sleeps
) -> None:
    class Broken:
        name = "broken"

        def complete(self, request: CompletionRequest) -> CompletionResult:
            raise BackendRefused(self.name, "not configured")

        def health(self) -> Health:
            return Health(ok=False)

    with pytest.raises(BackendRefused, match="offline cannot") as caught:
        rewrite([wire_source], Broken(), fallback=_NoRewriteOffline(), sleep=sleeps)
    assert isinstance(caught.value.__cause__, BackendRefused)


class _NoRewriteOffline(OfflineBackend):
    def complete(self, request: CompletionRequest) -> CompletionResult:
        raise BackendRefused(self.name, "offline cannot today")
