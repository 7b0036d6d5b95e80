"""What LLM and rewrite tests share: a scripted server, sample sources, and replies a
well-behaved model might give for them. Fixtures here are registered by the conftest of
each test package that uses them (tests/llm/, tests/editorial/rewrite/)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from newsdesk.llm.base import SourceDocument
from tests.openai_server import ScriptedServer


@pytest.fixture
def llm_server() -> Iterator[ScriptedServer]:
    server = ScriptedServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def _no_real_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's real key must never leak into (or change) a test."""
    monkeypatch.delenv("NEWSDESK_OPENAI_API_KEY", raising=False)


WIRE_TEXT = (
    "Freezing rain knocked out power to about 48,000 customers across three counties "
    "on Tuesday, Valley Electric said.\n\n"
    'The utility expects most service restored by 6 p.m. Thursday. "Crews are working '
    'around the clock," spokeswoman Dana Ortiz said.\n\n'
    "The National Weather Service warned of a further 2 to 4 inches of snow overnight.\n\n"
    "Schools in Marion County will stay closed on Wednesday."
)


@pytest.fixture
def wire_source() -> SourceDocument:
    return SourceDocument(
        label="Valley Wire",
        url="https://wire.example/outages",
        title="Freezing rain cuts power to 48,000 in Marion region - Valley Wire",
        text=WIRE_TEXT,
    )


@pytest.fixture
def second_source() -> SourceDocument:
    return SourceDocument(
        label="County Gazette",
        url="https://gazette.example/snow",
        title="Marion schools closed | County Gazette",
        text="Marion County schools will remain closed Wednesday, the district said.",
    )


GOOD_HEADLINE = "Freezing rain leaves 48,000 customers without power in three counties"
GOOD_PARAGRAPHS = [
    "Valley Electric said freezing rain cut power to about 48,000 customers in three "
    "counties on Tuesday. [Source: Valley Wire]",
    'The utility expects most service back by 6 p.m. Thursday; "Crews are working around '
    'the clock," spokeswoman Dana Ortiz said. [Source: Valley Wire]',
    "Forecasters warned of 2 to 4 more inches of snow overnight, and Marion County schools "
    "stay closed on Wednesday. [Source: Valley Wire]",
]
GOOD_REPLY = json.dumps({"headline": GOOD_HEADLINE, "paragraphs": GOOD_PARAGRAPHS})
