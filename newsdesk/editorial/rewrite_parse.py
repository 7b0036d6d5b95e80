"""What counts as a usable rewrite: one JSON object with a headline and attributed
paragraphs. Faithfulness is not judged here; the fact guard does that."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newsdesk.editorial.attribution import SOURCE_MARKER
from newsdesk.llm.base import BadOutput, SourceDocument

PARSER = "rewrite-parser"

_WHITESPACE = re.compile(r"\s+")
_FENCE = re.compile(r"```[ \t]*(?:json)?[ \t]*\n?(.*?)```", re.S | re.I)
_HEADLINE_LABEL = re.compile(r"^(?:headline|title)\s*:\s*", re.I)


@dataclass(frozen=True)
class Rewrite:
    headline: str
    paragraphs: tuple[str, ...]
    labels_used: tuple[str, ...]


class RewriteParseError(BadOutput):
    """The reply is not the asked-for JSON; ``reason`` is fed back in the repair request."""

    def __init__(self, reason: str) -> None:
        super().__init__(PARSER, reason)
        self.reason = reason


def parse_rewrite(text: str, sources: Sequence[SourceDocument]) -> Rewrite:
    """Accept one JSON object, fenced or wrapped in chatter; reject anything else, precisely."""
    data = _one_json_object(text)
    headline = _headline(data)
    paragraphs = _paragraphs(data)
    labels_used = _check_labels(paragraphs, sources)
    return Rewrite(headline=headline, paragraphs=paragraphs, labels_used=labels_used)


def _one_json_object(text: str) -> dict[str, Any]:
    stripped = text.strip()
    if not stripped:
        raise RewriteParseError("the reply is empty")
    fences = _FENCE.findall(stripped)
    body = "\n".join(fences) if fences else stripped
    if body.lstrip().startswith("{"):
        try:
            whole = json.loads(body)
        except json.JSONDecodeError as exc:
            if not _json_objects(body):
                raise RewriteParseError(f"the reply is not valid JSON ({exc})") from None
        else:
            if isinstance(whole, dict):
                return whole
    objects = _json_objects(body)
    if len(objects) > 1:
        # Chatter may hold stray objects; only those shaped like the answer count.
        objects = [o for o in objects if "headline" in o or "paragraphs" in o]
    if not objects:
        raise RewriteParseError(
            'the reply contains no JSON object; expected {"headline": ..., "paragraphs": [...]}'
        )
    if len(objects) > 1:
        raise RewriteParseError(f"the reply contains {len(objects)} JSON objects, not one")
    return objects[0]


def _json_objects(text: str) -> list[dict[str, Any]]:
    """Every top-level JSON object embedded in ``text``, left to right."""
    decoder = json.JSONDecoder()
    found: list[dict[str, Any]] = []
    pos = text.find("{")
    while pos != -1:
        try:
            value, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError:
            pos = text.find("{", pos + 1)
            continue
        if isinstance(value, dict):
            found.append(value)
        pos = text.find("{", end)
    return found


def _headline(data: dict[str, Any]) -> str:
    if "headline" not in data:
        raise RewriteParseError('the JSON object has no "headline" key')
    raw = data["headline"]
    if not isinstance(raw, str):
        raise RewriteParseError(f'"headline" must be a string, not {type(raw).__name__}')
    headline = _fold(SOURCE_MARKER.sub(" ", raw))
    headline = _HEADLINE_LABEL.sub("", headline).strip(" \"'\u201c\u201d")
    if not headline:
        raise RewriteParseError('"headline" is empty')
    return headline


def _paragraphs(data: dict[str, Any]) -> tuple[str, ...]:
    if "paragraphs" not in data:
        raise RewriteParseError('the JSON object has no "paragraphs" key')
    raw = data["paragraphs"]
    if not isinstance(raw, list):
        raise RewriteParseError(f'"paragraphs" must be a list of strings, not {type(raw).__name__}')
    paragraphs: list[str] = []
    for index, item in enumerate(raw):
        if not isinstance(item, str):
            raise RewriteParseError(
                f'"paragraphs"[{index}] must be a string, not {type(item).__name__}'
            )
        paragraph = SOURCE_MARKER.sub(lambda m: f"[Source: {_fold(m[1])}]", _fold(item))
        if paragraph:
            paragraphs.append(paragraph)
    if not paragraphs:
        raise RewriteParseError('"paragraphs" is empty')
    return tuple(paragraphs)


def _check_labels(
    paragraphs: tuple[str, ...], sources: Sequence[SourceDocument]
) -> tuple[str, ...]:
    allowed = {_fold(s.label): s.label for s in sources}
    used: list[str] = []
    for paragraph in paragraphs:
        for match in SOURCE_MARKER.finditer(paragraph):
            label = allowed.get(match[1])
            if label is None:
                raise RewriteParseError(
                    f"attribution label {match[1]!r} is not one of the given sources "
                    f"({', '.join(allowed.values())})"
                )
            if label not in used:
                used.append(label)
    if not used:
        raise RewriteParseError("no paragraph carries a [Source: LABEL] attribution")
    return tuple(used)


def _fold(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()
