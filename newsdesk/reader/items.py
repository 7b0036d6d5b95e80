"""The one shape every reader produces, so storage never cares where an item came from."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from newsdesk.reader.encoding import repair_text

_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class RawItem:
    """A source item as read, before it is stored as the fact base.

    ``text`` is plain text (never HTML); paragraphs are separated by a blank line.
    ``html`` is the item's own markup when it had some, already through
    ``reader.sanitize.sanitize_html`` (sanitized before storage; again at render).
    ``origin`` names where the item came from (a file path, or a feed URL plus the
    entry's position) so that every error message can point at it.
    ``teaser`` is the feed's own short text when ``text`` was taken from the linked page
    instead (see ``reader.thin``), so a later read of the feed can tell whether the
    entry changed without fetching the page again.
    """

    title: str
    text: str
    origin: str
    url: str = ""
    outlet: str = ""
    guid: str = ""
    published_at: datetime | None = None
    section: str = ""
    tags: tuple[str, ...] = ()
    html: str = ""
    teaser: str = ""

    @property
    def key(self) -> str:
        """Stable identity of the item within its source: guid, else URL, else content."""
        return self.guid or self.url or content_hash(self.text)


class ItemError(ValueError):
    """One item could not be read; the rest of its batch goes on."""

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


_BULLET = re.compile(r"[-*\u2022\u2013]\s+\S")
_NUMBERED = re.compile(r"\d{1,2}[.)]\s+\S")


def _is_list_line(line: str, previous: str | None) -> bool:
    """Bullets always start a list line; "1." only after a colon or another list line,
    so that a hard-wrapped sentence starting with a number is not mistaken for a list."""
    if _BULLET.match(line):
        return True
    return bool(_NUMBERED.match(line)) and previous is not None and (
        previous.endswith(":") or _BULLET.match(previous) is not None
        or _NUMBERED.match(previous) is not None
    )


def _fold_paragraph(block: str) -> str:
    """Join wrapped lines with a space, but keep each list item on a line of its own."""
    lines: list[str] = []
    for raw in block.split("\n"):
        line = _WHITESPACE.sub(" ", raw).strip()
        if not line:
            continue
        if lines and not _is_list_line(line, lines[-1]):
            lines[-1] = f"{lines[-1]} {line}"
        else:
            lines.append(line)
    return "\n".join(lines)


def normalise_text(text: str) -> str:
    """Mojibake repaired, NFC, unified newlines, folded whitespace, one blank line
    between paragraphs; list items keep their own lines."""
    text = repair_text(text).replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [_fold_paragraph(block) for block in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)


def content_hash(text: str) -> str:
    """sha256 of the text with whitespace folded: the same words hash the same."""
    folded = _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip().casefold()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def web_url(url: str) -> str:
    """The URL if it is an absolute http(s) link, else "".

    Item URLs end up in ``href`` attributes; a ``javascript:`` or ``data:`` link from
    a hostile feed must never get that far, and ``urn:`` ids link nowhere.
    """
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return ""
    return url
