"""Sentences with exact offsets, for sources and generated texts alike.

Why more than `sentences.segment`: stored sources and model output come as lines (an
extracted page keeps one paragraph per line) and sometimes tokenised (" . " with the next
sentence in lower case, as older summarisers wrote). A line break always ends a sentence
here, and so does a spaced full stop, so evidence is one sentence and never a page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from newsdesk.text.sentences import segment

__all__ = ["sentence_spans"]

_LINE = re.compile(r"[^\n]+")
_SPACED_STOP = re.compile(r"(?<=\s[.!?])\s+(?=\S)")


def sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of `text`; text[start:end] is the sentence, trimmed."""
    for line in _LINE.finditer(text):
        base = line.start()
        for piece in segment(line.group()):
            chunk = text[base + piece.start : base + piece.end]
            at = 0
            for cut in _SPACED_STOP.finditer(chunk):
                yield from _trimmed(text, base + piece.start + at, base + piece.start + cut.start())
                at = cut.end()
            yield from _trimmed(text, base + piece.start + at, base + piece.end)


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if any(c.isalnum() for c in text[start:end]):
        yield start, end
