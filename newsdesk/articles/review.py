"""The review queue's view of a rewrite: guard problems highlighted in the text.

Everything here is escaped first and marked up second, and the result still goes
through ``sanitize_html`` (the only thing that marks HTML safe), so a rewrite or a
problem span that contains markup is shown as text, never run.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence

from newsdesk.reader.sanitize import SafeHTML, sanitize_html


def _marks(text: str, problems: Iterable[Mapping[str, str]]) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, message) of every problem span found in ``text``."""
    found: list[tuple[int, int, str]] = []
    for problem in problems:
        span = str(problem.get("span") or "").strip()
        if not span:
            continue
        start = text.find(span)
        while start != -1:
            end = start + len(span)
            if all(end <= s or start >= e for s, e, _ in found):
                label = f"{problem.get('kind', '')}: {problem.get('message', '')}"
                found.append((start, end, label))
            start = text.find(span, end)
    return sorted(found)


def highlight_paragraph(text: str, problems: Iterable[Mapping[str, str]]) -> str:
    pieces, cursor = [], 0
    for start, end, label in _marks(text, problems):
        pieces.append(html.escape(text[cursor:start]))
        pieces.append(f'<mark title="{html.escape(label)}">{html.escape(text[start:end])}</mark>')
        cursor = end
    pieces.append(html.escape(text[cursor:]))
    return "".join(pieces)


def highlighted(headline: str, paragraphs: Sequence[str],
                problems: Sequence[Mapping[str, str]]) -> SafeHTML:
    """The rewrite as HTML with every located problem wrapped in <mark>."""
    parts = [f"<h3>{highlight_paragraph(headline, problems)}</h3>"]
    parts += [f"<p>{highlight_paragraph(p, problems)}</p>" for p in paragraphs]
    unlocated = [p for p in problems if not str(p.get("span") or "").strip()]
    if unlocated:
        items = "".join(f"<li>{html.escape(str(p.get('kind', '')))}: "
                        f"{html.escape(str(p.get('message', '')))}</li>" for p in unlocated)
        parts.append(f"<ul>{items}</ul>")
    # Sanitize runs last.
    return sanitize_html("\n".join(parts))


def plain(title: str, text: str) -> SafeHTML:
    """The source as escaped paragraphs under its title."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return sanitize_html(f"<h3>{html.escape(title)}</h3>{body}")
