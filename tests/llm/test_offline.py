"""The offline backend: extractive, attributed, deterministic, always available."""

from __future__ import annotations

import json

import pytest

from newsdesk.editorial.rewrite.parser import parse_rewrite
from newsdesk.editorial.rewrite.prompt import build_rewrite_request
from newsdesk.llm.base import BackendRefused, CompletionRequest, Message, SourceDocument
from newsdesk.llm.offline import OfflineBackend, clean_title
from tests.support.llm import WIRE_TEXT


def test_same_input_gives_the_same_output(
    wire_source: SourceDocument, second_source: SourceDocument
) -> None:
    request = build_rewrite_request([wire_source, second_source])
    first = OfflineBackend().complete(request)
    second = OfflineBackend().complete(request)
    assert first.text == second.text
    assert (first.model, first.extractive, first.backend) == ("extractive-v1", True, "offline")


def test_every_source_paragraph_is_kept_whole_in_order_and_attributed(
    wire_source: SourceDocument,
) -> None:
    result = OfflineBackend().complete(build_rewrite_request([wire_source]))
    article = json.loads(result.text)
    source_paragraphs = [" ".join(p.split()) for p in WIRE_TEXT.split("\n\n")]
    assert article["paragraphs"] == [f"{p} [Source: Valley Wire]" for p in source_paragraphs]


def test_each_source_keeps_its_own_label(
    wire_source: SourceDocument, second_source: SourceDocument
) -> None:
    result = OfflineBackend().complete(build_rewrite_request([wire_source, second_source]))
    parsed = parse_rewrite(result.text, [wire_source, second_source])
    assert parsed.labels_used == ("Valley Wire", "County Gazette")
    assert parsed.paragraphs[-1].endswith("the district said. [Source: County Gazette]")
    assert all(
        p.endswith(("[Source: Valley Wire]", "[Source: County Gazette]")) for p in parsed.paragraphs
    )


def test_headline_is_the_cleaned_source_title(wire_source: SourceDocument) -> None:
    result = OfflineBackend().complete(build_rewrite_request([wire_source]))
    parsed = parse_rewrite(result.text, [wire_source])
    assert parsed.headline == "Freezing rain cuts power to 48,000 in Marion region"


def test_untitled_source_takes_its_first_sentence_as_headline() -> None:
    source = SourceDocument("Wire", "", "", "Dr. Lee resigned on Monday. The board met.")
    parsed = parse_rewrite(
        OfflineBackend().complete(build_rewrite_request([source])).text, [source]
    )
    assert parsed.headline == "Dr. Lee resigned on Monday"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Storm hits coast - Reuters", "Storm hits coast"),
        ("Storm hits coast | Regional Agency", "Storm hits coast"),
        ("Storm hits coast \u2014 BBC News", "Storm hits coast"),
        ("Headline: Storm hits coast", "Storm hits coast"),
        ("Storm hits coast - Reuters | Yahoo News", "Storm hits coast"),
        ("Storm hits coast - 40,000 without power", "Storm hits coast - 40,000 without power"),
        (
            "Storm hits coast - officials say more rain coming",
            "Storm hits coast - officials say more rain coming",
        ),
        ("Fed - Reuters", "Fed - Reuters"),
        ("  NASA   delays Artemis launch  ", "NASA delays Artemis launch"),
    ],
)
def test_clean_title(title: str, expected: str) -> None:
    assert clean_title(title) == expected


def test_syndicated_duplicate_paragraphs_are_kept_once(wire_source: SourceDocument) -> None:
    copy = SourceDocument("Copy Desk", "", "Copy", wire_source.text)
    article = json.loads(OfflineBackend().complete(build_rewrite_request([wire_source, copy])).text)
    assert len(article["paragraphs"]) == 4


def test_unknown_purpose_is_refused_clearly() -> None:
    request = CompletionRequest((Message("user", "hi"),), purpose="summary", prompt_version="x")
    with pytest.raises(BackendRefused, match="cannot serve purpose 'summary'"):
        OfflineBackend().complete(request)


def test_rewrite_without_sources_is_refused() -> None:
    request = CompletionRequest((Message("user", "hi"),), purpose="rewrite", prompt_version="x")
    with pytest.raises(BackendRefused, match="at least one source"):
        OfflineBackend().complete(request)


def test_health_is_always_ok() -> None:
    assert OfflineBackend().health().ok
