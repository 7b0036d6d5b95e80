"""Bytes to text once, picking the right declared encoding and repairing mojibake.

Servers and pages disagree about their own encoding: the HTTP header says one thing,
the XML declaration or ``<meta charset>`` another, and the bytes a third. A byte order
mark is proof; a declaration is a claim we accept only when the bytes decode under
it; and when nothing fits we fall back to UTF-8 with replacement, so text is never
lost silently to a wrong guess. ftfy then repairs text that was double-decoded
upstream ("cafÃ©" -> "café") and Unicode is put in NFC.
"""

from __future__ import annotations

import codecs
import re
from typing import Final

import ftfy

_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_HEAD_BYTES: Final = 4096
_XML_DECLARATION: Final = re.compile(rb"""^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)""")
_META_CHARSET: Final = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)
_HEADER_CHARSET: Final = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.IGNORECASE)
# Labels that browsers treat as something wider; decoding as the narrow one would fail
# on the very bytes such pages contain.
_WIDER: Final = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "ascii": "cp1252",
                 "us-ascii": "cp1252", "latin1": "cp1252", "iso8859-1": "cp1252"}


# Repairs only: no HTML unescaping (plain text keeps its literal "&lt;"), and quotes,
# character widths and ligatures are the writer's choice, not damage.
_FIXER: Final = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_character_width=False,
    fix_latin_ligatures=False,
    normalization="NFC",
)


def charset_from_content_type(content_type: str) -> str | None:
    """The ``charset`` parameter of a Content-Type header, if any."""
    match = _HEADER_CHARSET.search(content_type or "")
    return match.group(1).strip().lower() if match else None


def _known(label: str | None) -> str | None:
    if not label:
        return None
    cleaned = label.strip().lower()
    try:
        return codecs.lookup(_WIDER.get(cleaned, cleaned)).name
    except LookupError:
        return None


def declared_encodings(data: bytes, content_type: str = "") -> list[str]:
    """Candidate encodings in order of authority: BOM, HTTP header, XML, meta."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return [name]
    head = data[:_HEAD_BYTES]
    found: list[str] = []
    for label in (
        charset_from_content_type(content_type),
        _first_group(_XML_DECLARATION, head),
        _first_group(_META_CHARSET, head),
    ):
        known = _known(label)
        if known and known not in found:
            found.append(known)
    return found


def _first_group(pattern: re.Pattern[bytes], head: bytes) -> str | None:
    match = pattern.search(head)
    return match.group(1).decode("ascii", "replace") if match else None


def decode_document(data: bytes, content_type: str = "") -> tuple[str, str]:
    """The text of a fetched document and the encoding it was read with.

    A declaration that the bytes contradict (say "utf-8" over Windows-1252 bytes) is
    skipped for the next one; valid UTF-8 beats a missing declaration; cp1252 with
    replacement is the last resort, so decoding never fails.
    """
    candidates = declared_encodings(data, content_type)
    if len(candidates) == 1 and data.startswith(tuple(bom for bom, _ in _BOMS)):
        return data.decode(candidates[0], errors="replace").lstrip("\ufeff"), candidates[0]
    for name in [*candidates, "utf-8"]:
        try:
            return data.decode(name), name
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("cp1252", errors="replace"), "cp1252"


def repair_text(text: str) -> str:
    """Fix mojibake and put text in NFC, leaving quotes, widths and ligatures alone."""
    if text.isascii():
        return text  # mojibake needs non-ASCII characters, and ASCII is already NFC
    return ftfy.fix_text(text, _FIXER)  # _FIXER puts the result in NFC itself
