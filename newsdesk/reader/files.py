"""Press releases dropped into a folder, read into RawItems.

People drop whatever they have: text with or without a small header, JSON exports,
saved web pages, and the odd image by mistake. Each file is read on its own, so one
bad file becomes an ItemError that names it while the rest of the folder goes on.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from newsdesk.reader.extract import extract_text
from newsdesk.reader.htmldoc import element_text, parse_html
from newsdesk.reader.items import ItemError, RawItem, normalise_text, web_url
from newsdesk.reader.sanitize import html_to_text

DEFAULT_MAX_BYTES: Final = 5 * 1024 * 1024

_TEXT_SUFFIXES: Final = frozenset({".txt", ".md"})
_JSON_SUFFIXES: Final = frozenset({".json"})
_HTML_SUFFIXES: Final = frozenset({".html", ".htm"})

_HEADER_KEYS: Final = frozenset(
    {"title", "outlet", "url", "published", "guid", "section", "tags"}
)
_HEADER_LINE: Final = re.compile(r"([A-Za-z][A-Za-z _-]{0,30}):[ \t]*(.*)")
_JSON_TEXT_KEYS: Final = ("text", "body", "content")


def read_path(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawItem | ItemError]:
    """Read one file, or every visible file under a folder in a stable order."""
    if path.is_dir():
        for file in _visible_files(path):
            yield from read_file(file, root=path, max_bytes=max_bytes)
    elif path.is_file():
        yield from read_file(path, root=path.parent, max_bytes=max_bytes)
    else:
        yield ItemError(str(path), "no such file or folder")


def read_file(
    path: Path, *, root: Path, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[RawItem | ItemError]:
    """Read one file; ``root`` anchors its default guid (``file:`` + relative path)."""
    origin = str(path)
    guid = "file:" + path.relative_to(root).as_posix()
    suffix = path.suffix.lower()
    try:
        if suffix in _TEXT_SUFFIXES:
            yield _read_text(_load_text(path, max_bytes), origin, guid, markdown=suffix == ".md")
        elif suffix in _JSON_SUFFIXES:
            yield from _read_json(_load_text(path, max_bytes), origin, guid)
        elif suffix in _HTML_SUFFIXES:
            yield _read_html(_load_text(path, max_bytes), origin, guid)
        else:
            raise ItemError(origin, f"unsupported file type {suffix or '(no extension)'!r}")
    except ItemError as error:
        yield error


def _visible_files(folder: Path) -> Iterator[Path]:
    """Files under ``folder``, sorted, skipping hidden files and folders and symlinked dirs."""
    for current, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(current) / name


def _load_text(path: Path, max_bytes: int) -> str:
    """The file as text, or an ItemError saying why it cannot be read as text."""
    origin = str(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise ItemError(origin, f"cannot read file: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise ItemError(origin, f"file is larger than the {max_bytes} byte limit")
    if not data.strip():
        raise ItemError(origin, "empty file")
    if b"\x00" in data:
        raise ItemError(origin, "binary content, not text")
    try:
        return data.decode("utf-8-sig")  # also plain UTF-8; drops a leading BOM
    except UnicodeDecodeError as exc:
        raise ItemError(
            origin, f"not UTF-8 text (invalid byte at offset {exc.start}); save it as UTF-8"
        ) from exc


# --- .txt / .md ---------------------------------------------------------------------


def _read_text(content: str, origin: str, guid: str, *, markdown: bool) -> RawItem:
    lines = content.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    header, body_lines = _split_header(lines)
    if not header.get("title"):
        body_lines = _drop_leading_blanks(body_lines)
        if body_lines:
            header["title"] = body_lines[0].lstrip("# ").strip() if markdown else body_lines[0]
            body_lines = body_lines[1:]
    return _make_item(
        origin,
        guid,
        title=header.get("title", ""),
        text=normalise_text("\n".join(body_lines)),
        url=header.get("url", ""),
        outlet=header.get("outlet", ""),
        published=header.get("published", ""),
        explicit_guid=header.get("guid", ""),
        section=header.get("section", ""),
        tags=header.get("tags", ""),
    )


def _split_header(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """A leading block of ``Key: Value`` lines ended by a blank line, if there is one.

    The block only counts when its first key is one we know, so a body that happens
    to start with "Note: ..." is not mistaken for a header. Unknown keys are ignored.
    """
    header: dict[str, str] = {}
    for index, line in enumerate(lines):
        if not line.strip():
            return (header, lines[index + 1 :]) if index else ({}, lines)
        match = _HEADER_LINE.fullmatch(line.strip())
        if match is None:
            return {}, lines
        key = match.group(1).strip().lower()
        if index == 0 and key not in _HEADER_KEYS:
            return {}, lines
        if key in _HEADER_KEYS:
            header[key] = match.group(2).strip()
    return header, []  # nothing but a header


def _drop_leading_blanks(lines: list[str]) -> list[str]:
    for index, line in enumerate(lines):
        if line.strip():
            return [lines[index].strip(), *lines[index + 1 :]]
    return []


# --- .json --------------------------------------------------------------------------


def _read_json(content: str, origin: str, guid: str) -> Iterator[RawItem | ItemError]:
    try:
        document = json.loads(content)
    except json.JSONDecodeError as exc:
        raise ItemError(
            origin, f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from exc
    except RecursionError as exc:
        raise ItemError(origin, "malformed JSON: nested too deeply") from exc
    if isinstance(document, dict):
        yield _json_item(document, origin, guid)
        return
    if not isinstance(document, list):
        raise ItemError(origin, "JSON must be an object or a list of objects")
    if not document:
        raise ItemError(origin, "JSON list has no items")
    for number, entry in enumerate(document, start=1):
        entry_origin = f"{origin} item {number}"
        try:
            if not isinstance(entry, dict):
                raise ItemError(entry_origin, "expected a JSON object")
            yield _json_item(entry, entry_origin, f"{guid}#{number}")
        except ItemError as error:
            yield error


def _json_item(entry: dict[str, Any], origin: str, guid: str) -> RawItem:
    text = next((entry[key] for key in _JSON_TEXT_KEYS if entry.get(key) is not None), "")
    return _make_item(
        origin,
        guid,
        title=_json_string(entry, "title", origin),
        text=normalise_text(_as_string(text, "text", origin)),
        url=_json_string(entry, "url", origin),
        outlet=_json_string(entry, "outlet", origin),
        published=_json_string(entry, "published", origin),
        explicit_guid=_json_string(entry, "guid", origin),
    )


def _json_string(entry: dict[str, Any], key: str, origin: str) -> str:
    return _as_string(entry.get(key), key, origin)


def _as_string(value: object, key: str, origin: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ItemError(origin, f"field {key!r} must be a string, not {type(value).__name__}")
    return value


# --- .html / .htm -------------------------------------------------------------------


def _page_title(html: str) -> str:
    """The page's <title>, else its first <h1>."""
    root = parse_html(html)
    if root is None:
        return ""
    for path in (".//title", ".//h1"):
        for element in root.iterfind(path):
            title = element_text(element)
            if title:
                return title
    return ""


def _read_html(content: str, origin: str, guid: str) -> RawItem:
    title = _page_title(content)
    # The same tuned extractor as web pages, so a saved page reads as its live copy.
    text = extract_text(content) or html_to_text(content)
    first, _, rest = text.partition("\n\n")
    if title and first == title:
        text = rest  # the headline repeated as the first paragraph
    return _make_item(origin, guid, title=title, text=text)


# --- shared -------------------------------------------------------------------------


def _make_item(
    origin: str,
    guid: str,
    *,
    title: str,
    text: str,
    url: str = "",
    outlet: str = "",
    published: str = "",
    explicit_guid: str = "",
    section: str = "",
    tags: str = "",
) -> RawItem:
    title = " ".join(normalise_text(title).split())
    if not title and not text:
        raise ItemError(origin, "no title and no text")
    cleaned_url = web_url(url)
    if url.strip() and not cleaned_url:
        raise ItemError(origin, f"URL {url!r} is not an absolute http(s) link")
    return RawItem(
        title=title,
        text=text,
        origin=origin,
        url=cleaned_url,
        outlet=" ".join(outlet.split()),
        guid=explicit_guid.strip() or guid,
        published_at=_parse_published(published, origin),
        section=" ".join(section.split()),
        tags=tuple(t for t in (" ".join(part.split()) for part in tags.split(",")) if t),
    )


def _parse_published(value: str, origin: str) -> datetime | None:
    """ISO 8601 date or datetime; a naive value is taken to be UTC."""
    value = value.strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise ItemError(
            origin, f"bad Published date {value!r}: expected ISO 8601, e.g. 2025-03-04T09:30"
        ) from exc
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)
