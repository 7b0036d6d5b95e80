"""Article body to HTML: paragraphs with anchors and linked [Source: …] attributions."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from urllib.parse import urlsplit

from newsdesk.reader.sanitize import SafeHTML, sanitize_html
from newsdesk.text.markers import SOURCE_MARKER

LIST_MARKER = re.compile(r"([-*\u2022\u2013]|\d{1,2}[.)])\s+")


def is_web_url(url: str) -> bool:
    """Only http(s) links leave the site; anything else is shown as plain text."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def paragraph_anchor(index: int) -> str:
    """The id of the paragraph at 0-based ``index``; summary sentences link here."""
    return f"p-{index + 1}"


def _render_paragraph(text: str, links: Mapping[str, str]) -> str:
    pieces: list[str] = []
    cursor = 0
    for match in SOURCE_MARKER.finditer(text):
        pieces.append(html.escape(text[cursor : match.start()]))
        label = match.group(1)
        marker = html.escape(f"[Source: {label}]")
        url = links.get(label, "")
        if is_web_url(url):
            pieces.append(f'<a class="attribution" href="{html.escape(url)}">{marker}</a>')
        else:
            pieces.append(f'<span class="attribution">{marker}</span>')
        cursor = match.end()
    pieces.append(html.escape(text[cursor:]))
    return "".join(pieces)


def _blocks(paragraph: str) -> list[tuple[str, list[str]]]:
    """Group a paragraph's lines into ("p", [text]) and ("ul"/"ol", [items]) blocks; list
    items are the only lines the stored text keeps apart."""
    blocks: list[tuple[str, list[str]]] = []
    for line in paragraph.split("\n"):
        marker = LIST_MARKER.match(line)
        if marker is None:
            blocks.append(("p", [line]))
            continue
        kind = "ol" if marker.group(1)[0].isdigit() else "ul"
        if blocks and blocks[-1][0] == kind:
            blocks[-1][1].append(line[marker.end():])
        else:
            blocks.append((kind, [line[marker.end():]]))
    return blocks


def _render_block(index: int, paragraph: str, links: Mapping[str, str]) -> str:
    html_parts = []
    for position, (kind, lines) in enumerate(_blocks(paragraph)):
        anchor = f' id="{paragraph_anchor(index)}"' if position == 0 else ""
        if kind == "p":
            html_parts.append(f"<p{anchor}>{_render_paragraph(lines[0], links)}</p>")
        else:
            items = "".join(f"<li>{_render_paragraph(line, links)}</li>" for line in lines)
            html_parts.append(f"<{kind}{anchor}>{items}</{kind}>")
    return "".join(html_parts)


def render_body(paragraphs: Sequence[str], links: Mapping[str, str]) -> SafeHTML:
    """HTML for the article body. ``links`` maps an attribution label to its source URL."""
    blocks = [_render_block(i, text, links) for i, text in enumerate(paragraphs)]
    # Sanitize runs last: whatever was built above, only sanitize_html marks HTML safe.
    return sanitize_html("\n".join(blocks))
