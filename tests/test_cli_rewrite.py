"""`newsdesk rewrite` as outside tools call it: a real process, a real loopback LLM."""

from __future__ import annotations

import json
import subprocess

from newsdesk.editorial.guard.model import model
from tests.openai_server import ScriptedServer
from tests.test_cli import ARTICLE, run


def test_rewrite_offline_prints_the_checked_article() -> None:
    done = run("rewrite", "--json", "--title", "Orrin Ferry Adds Early Sailing - Orrin Post",
               "--outlet", "Orrin Post", "--url", "https://post.example/ferry", stdin=ARTICLE)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert set(data) == {"headline", "paragraphs", "attributions", "made_by", "guard"}
    assert data["made_by"] == "offline"
    assert data["headline"] == "Orrin ferry adds early sailing"  # house style applied
    assert data["guard"]["passed"] is True and data["guard"]["problems"] == []
    # The classifier judged it too (as the pipeline does), and found it supported.
    assert 0.0 < data["guard"]["score"] < model().threshold
    assert data["attributions"] == [{"label": "Orrin Post", "url": "https://post.example/ferry"}]
    assert all(p.endswith("[Source: Orrin Post]") for p in data["paragraphs"])


def rewrite_with_scripted_llm(
    headline: str, paragraph: str, env: dict[str, str]
) -> tuple[subprocess.CompletedProcess[str], ScriptedServer]:
    """Run `newsdesk rewrite --backend openai --json` against a server that gives one reply."""
    server = ScriptedServer()
    server.start()
    try:
        server.reply_content(json.dumps({"headline": headline, "paragraphs": [paragraph]}))
        done = run("rewrite", "--backend", "openai", "--json", "--outlet", "Orrin Post",
                   stdin=ARTICLE, env={"NEWSDESK_OPENAI_BASE_URL": server.base_url, **env})
    finally:
        server.stop()
    return done, server


def test_rewrite_with_an_llm_that_invents_reports_the_problems() -> None:
    done, _ = rewrite_with_scripted_llm(
        "Shocking: ferry adds 05:10 sailing",
        "The ferry adds a 05:10 sailing, costing $9 million. [Source: Orrin Post]",
        {"NEWSDESK_OPENAI_MODEL": "m"})
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["made_by"] == "openai"
    assert data["guard"]["passed"] is False
    kinds = {p["kind"] for p in data["guard"]["problems"]}
    assert "number" in kinds and "headline" in kinds


def test_rewrite_refuses_empty_input_and_unknown_backends() -> None:
    assert "no source text" in run("rewrite", "--json", stdin="  ").stderr
    done = run("rewrite", "--backend", "nope", stdin=ARTICLE)
    assert done.returncode != 0 and "unknown backend 'nope'" in done.stderr


def test_the_api_key_comes_from_the_configured_variable() -> None:
    done, server = rewrite_with_scripted_llm(
        "Orrin ferry adds a sailing",
        "The Orrin ferry service will add a 06:40 sailing from 3 March. [Source: Orrin Post]",
        {"NEWSDESK_OPENAI_KEY_ENV": "ORRIN_LLM_KEY", "ORRIN_LLM_KEY": "sk-orrin"})
    assert done.returncode == 0, done.stderr
    assert server.received[0].headers["authorization"] == "Bearer sk-orrin"
