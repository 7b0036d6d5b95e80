"""Prompt and reasoning text that must never reach readers.

Why: the system newsdesk replaces published "Rewritten Article for Regional Power Outages…" as
a headline. Models also open with "Here is…", think aloud in <think> tags, or echo the
instructions they were given; each pattern here is one such habit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from newsdesk.text.sentences import split_sentences

__all__ = ["LEAK_MARKERS", "Leak", "leaks", "preamble_end"]

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
    """Leak markers of one text (a headline, a paragraph or a whole summary), quotes blanked,
    in the order they occur."""
    prose = QUOTED.sub(lambda m: " " * len(m.group()), text)
    found = [(m.start(), Leak(text[m.start() : m.end()], False))
             for m in _ANYWHERE.finditer(prose)]
    at = 0
    for sentence in split_sentences(prose):
        at = max(prose.find(sentence, at), at)
        opener = _AT_START.match(sentence)
        if opener:
            found.append((at + opener.start(), Leak(opener.group().strip(), True)))
    for _, leak in sorted(found, key=lambda pair: pair[0]):
        yield leak


def preamble_end(text: str) -> int:
    """Where the answer starts after a leaked preamble ("Here is a summary in 192 words:");
    0 when there is none. The preamble's numbers and names are not claims about the story."""
    opener = _AT_START.match(text)
    if not opener:
        return 0
    colon = text.find(":", opener.end(), opener.end() + 200)
    newline = text.find("\n", opener.end(), opener.end() + 200)
    ends = [i for i in (colon, newline) if i != -1]
    return min(ends) + 1 if ends else 0
