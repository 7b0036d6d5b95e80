"""What counts as a usable rewrite: a headline and paragraphs, as the asked-for JSON
object or, failing that, as plain text (a headline line, then paragraphs).

Faithfulness is not judged here; the fact guard does that. So a rewrite whose
``[Source: …]`` markers are missing or name no given source is still *usable*: it
goes on to the guard, which locates the problem and sends the article to review.
Refusing it here would only hand a small model's inventions to the fallback unseen.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from newsdesk.editorial.rewrite.prompt import system_prompt
from newsdesk.llm.base import BadOutput, SourceDocument
from newsdesk.text.markers import SOURCE_MARKER, fold_label
from newsdesk.text.sentences import split_paragraphs

PARSER = "rewrite-parser"

_WHITESPACE = re.compile(r"\s+")
_FENCE = re.compile(r"```[ \t]*(?:json)?[ \t]*\n?(.*?)```", re.S | re.I)
_HEADLINE_LABEL = re.compile(r"^(?:headline|title)\s*:\s*", re.I)


@dataclass(frozen=True)
class Rewrite:
    headline: str
    paragraphs: tuple[str, ...]
    labels_used: tuple[str, ...]
    incomplete: str = ""  # why the reply was cut short, when only its whole part is kept


class RewriteParseError(BadOutput):
    """The reply is not the asked-for JSON; ``reason`` is fed back in the repair request."""

    def __init__(self, reason: str) -> None:
        super().__init__(PARSER, reason)
        self.reason = reason


def parse_rewrite(text: str, sources: Sequence[SourceDocument]) -> Rewrite:
    """Accept one JSON object, fenced or wrapped in chatter, or plain text with a headline
    line and at least one paragraph; reject anything else, precisely."""
    incomplete = ""
    try:
        data = _one_json_object(text)
    except RewriteParseError:
        found = _plain_text(text)
        if found is None:
            found = _truncated_json(text)
            if found is None:
                raise
            incomplete = "the reply was cut off; only its complete paragraphs were kept"
        headline, paragraphs = found
    else:
        headline = _headline(data)
        paragraphs = _paragraphs(data)
    paragraphs, labels_used = _canonical_markers(paragraphs, sources)
    return Rewrite(headline=headline, paragraphs=paragraphs, labels_used=labels_used,
                   incomplete=incomplete)


_HEADLINE_VALUE = re.compile(r'"headline"\s*:\s*(")')
_PARAGRAPHS_START = re.compile(r'"paragraphs"\s*:\s*\[')


def _truncated_json(text: str) -> tuple[str, tuple[str, ...]] | None:
    """The complete part of a JSON reply cut off mid-way (a token limit, a dropped
    connection): its headline and every paragraph string that was closed.

    Only a reply that ends inside the object counts; JSON broken in the middle stays an
    error. The caller marks the result incomplete, so it can never go out alone.
    """
    start = text.find("{")
    if start == -1:
        return None
    body = text[start:].rstrip().removesuffix("```").rstrip()
    try:
        json.loads(body)
    except json.JSONDecodeError as exc:
        if not (exc.msg.startswith("Unterminated string") or exc.pos >= len(body)):
            return None
    else:
        return None
    decoder = json.JSONDecoder()
    found = _HEADLINE_VALUE.search(body)
    if found is None:
        return None
    try:
        raw_headline, _ = decoder.raw_decode(body, found.start(1))
    except json.JSONDecodeError:
        return None
    opened = _PARAGRAPHS_START.search(body)
    if opened is None:
        return None
    items: list[str] = []
    pos = opened.end()
    while True:
        while pos < len(body) and body[pos] in " \t\r\n,":
            pos += 1
        try:
            value, pos = decoder.raw_decode(body, pos)
        except json.JSONDecodeError:
            break
        if not isinstance(value, str):
            return None
        items.append(value)
    try:
        headline = _headline({"headline": raw_headline})
        paragraphs = _paragraphs({"paragraphs": items})
    except RewriteParseError:
        return None
    return headline, paragraphs


_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s*")
_EMPHASIS = re.compile(r"^\*\*(.*)\*\*$")


def _plain_text(text: str) -> tuple[str, tuple[str, ...]] | None:
    """A headline line and paragraphs, when the reply is prose rather than broken JSON.

    Anything with a brace is an attempt at the JSON that failed: that stays an error
    (and earns the repair request) rather than being read as prose.
    """
    stripped = text.strip()
    if not stripped or "{" in stripped or "}" in stripped:
        return None
    if _echoes_instructions(stripped):
        raise RewriteParseError("the reply repeats the instructions instead of an article")
    first_line, _, rest = stripped.partition("\n")
    raw_headline = _EMPHASIS.sub(r"\1", _MARKDOWN_HEADING.sub("", first_line.strip()))
    try:  # the same cleaning as a JSON reply's fields
        headline = _headline({"headline": raw_headline.strip(" *")})
        paragraphs = _paragraphs({"paragraphs": split_paragraphs(rest)})
    except RewriteParseError:
        return None
    return headline, paragraphs


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


def _echoes_instructions(text: str) -> bool:
    """Prose that repeats a whole line of the system prompt is an echo, not an article."""
    folded = _fold(text)
    return any(len(line) >= 40 and line in folded for line in _instruction_lines())


@cache
def _instruction_lines() -> tuple[str, ...]:
    return tuple(_fold(line.lstrip("- ")) for line in system_prompt().splitlines())


def _canonical_markers(
    paragraphs: tuple[str, ...], sources: Sequence[SourceDocument]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Spell a label the way its source does ("valley wire" → "Valley Wire"), so the page
    links the marker to its source, and list the sources cited, in order of first citation.
    Labels that match no source are left for the guard to report (with their place)."""
    allowed = {fold_label(s.label): s.label for s in sources}
    used: list[str] = []

    def spell(match: re.Match[str]) -> str:
        label = allowed.get(fold_label(match[1]))
        if label is None:
            return match[0]
        if label not in used:
            used.append(label)
        return f"[Source: {label}]"

    return tuple(SOURCE_MARKER.sub(spell, p) for p in paragraphs), tuple(used)


def _fold(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()
