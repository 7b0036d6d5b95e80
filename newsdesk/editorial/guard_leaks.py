"""Prompt and reasoning text that must never reach readers.

Why: the system newsdesk replaces published "Rewritten Article for Regional Power Outages…" as
a headline. Models also open with "Here is…", think aloud in <think> tags, or echo the
instructions they were given; each pattern here is one such habit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from newsdesk.editorial.sentences import split_sentences

__all__ = ["LEAK_MARKERS", "Leak", "leaks"]

# (pattern, where it counts). "anywhere" markers cannot occur in real news prose. "start"
# markers are ordinary words mid-sentence ("the problem here is", "will certainly") so they
# count only when they open the text or a sentence. Quoted speech is ignored; the quote check
# covers it.
LEAK_MARKERS: tuple[tuple[str, str], ...] = (
    (r"rewritten (?:article|headline|version|text|story)", "anywhere"),
    (r"\bas an ai\b", "anywhere"),
    (r"\bas a language model\b", "anywhere"),
    (r"</?think>", "anywhere"),
    (r"\[insert\b", "anywhere"),
    (r"\bheadline\s*:", "anywhere"),
    (r"\bi cannot\b", "anywhere"),
    (r"\bi can't\b", "anywhere"),
    (r"\b(?:word count|within \d+ words|in \d+ words or (?:less|fewer))\b", "anywhere"),
    (r"\bthe (?:user|prompt|instructions?) (?:wants|asks|asked|says|said|requires?)\b",
     "anywhere"),
    (r"\b(?:rewrite|summari[sz]e) the following\b", "anywhere"),
    (r"\bdo not (?:invent|add|include) (?:any )?(?:facts|information|names|numbers)\b",
     "anywhere"),
    (r"\bkeep every fact\b", "anywhere"),
    (r"\bi (?:hope this helps|have (?:rewritten|summari[sz]ed))\b", "anywhere"),
    (r"(?:title|article|summary|body)\s*:", "start"),
    (r"here is\b", "start"),
    (r"here['\u2019]s (?:the|a|an|your)\b", "start"),
    (r"sure[,!.]", "start"),
    (r"certainly\b", "start"),
    (r"as requested\b", "start"),
    (r"in this article\b", "start"),
    (r"let me\b", "start"),
    (r"okay[,!.]", "start"),
)
_ANYWHERE = re.compile("|".join(p for p, w in LEAK_MARKERS if w == "anywhere"), re.IGNORECASE)
_AT_START = re.compile(
    r"\s*[\"'*#]*\s*(?:" + "|".join(p for p, w in LEAK_MARKERS if w == "start") + ")",
    re.IGNORECASE,
)
QUOTED = re.compile(r"\"([^\"]+)\"|\u201c([^\u201d]+)\u201d|\u00ab([^\u00bb]+)\u00bb")


@dataclass(frozen=True, slots=True)
class Leak:
    span: str
    opens_sentence: bool


def leaks(text: str) -> Iterator[Leak]:
    """Leak markers of one text (a headline, a paragraph or a whole summary), quotes blanked."""
    prose = QUOTED.sub(lambda m: " " * len(m.group()), text)
    for m in _ANYWHERE.finditer(prose):
        yield Leak(text[m.start() : m.end()], False)
    for sentence in split_sentences(prose):
        opener = _AT_START.match(sentence)
        if opener:
            yield Leak(opener.group().strip(), True)
