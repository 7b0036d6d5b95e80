"""One backend choice everywhere: the pipeline, `newsdesk rewrite`, LLM summaries and the
deploy checks all ask ``llm.registry.get_backends``, so they agree on which backend runs
and on what a misspelt name means.

Before it, each had its own copy: a misspelt fallback was silently dropped by the
pipeline and the rewrite command (the site ran with no fallback) while the deploy check
called it an error, and a fallback naming the primary was checked twice as "fallback".
"""

from __future__ import annotations

import io
import json
import sys

import pytest
from django.core.management import CommandError, call_command

from newsdesk.articles import pipeline
from newsdesk.articles.llm_summaries import llm_summary_writer
from newsdesk.llm.registry import UnknownBackend
from newsdesk.ops import deploychecks
from tests.support.factories import make_article
from tests.support.options import OptionsOverride


def _rewrite_command(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    monkeypatch.setattr(sys, "stdin", io.StringIO("The council met on Tuesday."))
    out = io.StringIO()
    call_command("rewrite", "--json", "--outlet", "Wire", stdout=out, stderr=io.StringIO())
    result: dict[str, object] = json.loads(out.getvalue())
    return result


@pytest.mark.django_db
@pytest.mark.parametrize(("backend", "fallback", "role"), [
    ("offline", "ofline", "fallback"),
    ("nonesuch", "offline", "primary"),
])
def test_a_misspelt_backend_name_is_the_same_error_everywhere(
        options: OptionsOverride, monkeypatch: pytest.MonkeyPatch,
        backend: str, fallback: str, role: str) -> None:
    options.set(NEWSDESK_LLM_BACKEND=backend, NEWSDESK_LLM_FALLBACK=fallback,
                NEWSDESK_LLM_SUMMARIES=True)
    with pytest.raises(UnknownBackend) as chosen:
        pipeline.chosen_backends()
    assert chosen.value.role == role
    message = str(chosen.value)
    with pytest.raises(CommandError, match="unknown backend") as command:
        _rewrite_command(monkeypatch)
    assert str(command.value) == message
    with pytest.raises(UnknownBackend) as summaries:
        llm_summary_writer(make_article("Council meets"), "The council met.")
    assert str(summaries.value) == message
    [finding] = deploychecks.check_llm()
    assert finding.level == deploychecks.ERROR and finding.detail == message


@pytest.mark.django_db
def test_a_fallback_naming_the_primary_is_no_fallback_anywhere(
        options: OptionsOverride, monkeypatch: pytest.MonkeyPatch) -> None:
    options.set(NEWSDESK_LLM_BACKEND="offline", NEWSDESK_LLM_FALLBACK="offline")
    primary, fallback = pipeline.chosen_backends()
    assert (primary.name, fallback) == ("offline", None)
    assert _rewrite_command(monkeypatch)["made_by"] == "offline"
    assert [f.check for f in deploychecks.check_llm()] == ["llm backend"]
