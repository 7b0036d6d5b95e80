"""House style for headlines: sentence case, no clickbait, no leaked labels.

Pure and cheap, so it runs on every headline from every backend. It fixes what can be
fixed safely (labels, wrapping quotes, Title Case, a closing full stop) and flags what
needs an editor (clickbait, leaked prompt text). Proper nouns are recognised from the
source: a word the source capitalises mid-sentence keeps its capital.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["HeadlineCheck", "house_headline", "proper_words"]

_LABEL = re.compile(
    r"^\s*(?:[#*_>\s]*)(?:headline|title|rewritten (?:article|headline|title)(?: for)?|"
    r"breaking(?: news)?|new headline|article)\s*[:\-\u2013\u2014]\s*",
    re.IGNORECASE,
)
_LEAK = re.compile(
    r"rewritten (?:article|headline|version|text|story)|\bas an ai\b|</?think>|"
    r"^\s*here(?: is|['\u2019]s) (?:the|a|an|your)\b|\[insert\b",
    re.IGNORECASE,
)
_CLICKBAIT = re.compile(
    r"you won['\u2019]t believe|\bshocking\b|jaw[- ]dropping|mind[- ]blowing|"
    r"what happens next|here['\u2019]s why|this is why|the reason why|"
    r"everything you need to know|\bgoes viral\b|\bmust[- ]see\b|\bunbelievable\b|"
    r"\bepic\b|\bthis one trick\b|\bwill blow your mind\b|\bnumber \d+ will\b|"
    r"\bslams\b|\bdestroys\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_][^\s]*")
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n\s*)[\"'\u201c\u2018(]*$")
_WRAPPING = "\"'\u201c\u201d\u2018\u2019*_# "


@dataclass(frozen=True)
class HeadlineCheck:
    headline: str
    flags: tuple[str, ...]  # "clickbait" | "leak" | "empty": an editor must look
    fixes: tuple[str, ...]  # what was changed, for the record

    @property
    def ok(self) -> bool:
        return not self.flags


def proper_words(source_text: str) -> set[str]:
    """Words the source capitalises where a sentence does not start: likely names."""
    found: set[str] = set()
    for match in _WORD.finditer(source_text):
        word = match.group().strip(".,;:!?\"')\u201d\u2019")
        if not word or not word[0].isupper():
            continue
        if _SENTENCE_START.search(source_text[max(0, match.start() - 4) : match.start()]):
            continue
        found.add(word)
    return found


def house_headline(headline: str, source_text: str = "") -> HeadlineCheck:
    """Normalise ``headline`` into house style and flag what style alone cannot fix."""
    fixes: list[str] = []
    flags: list[str] = []
    text = " ".join(headline.split())
    if _LEAK.search(text):
        flags.append("leak")
    stripped = _LABEL.sub("", text)
    while stripped != text:
        fixes.append("label removed")
        text = stripped
        stripped = _LABEL.sub("", text)
    unwrapped = text.strip(_WRAPPING)
    if unwrapped != text:
        fixes.append("wrapping removed")
        text = unwrapped
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1].rstrip()
        fixes.append("full stop removed")
    if _CLICKBAIT.search(text) or text.endswith("!") or "?!" in text:
        flags.append("clickbait")
    if not text:
        flags.append("empty")
        return HeadlineCheck("", tuple(flags), tuple(fixes))
    cased = _sentence_case(text, proper_words(source_text))
    if cased != text:
        fixes.append("sentence case")
    return HeadlineCheck(cased, tuple(flags), tuple(fixes))


def _sentence_case(text: str, names: set[str]) -> str:
    """Lower-case Title Case or ALL CAPS words unless they are names or acronyms."""
    words = text.split(" ")
    letters = [w for w in words if any(c.isalpha() for c in w)]
    if not letters:
        return text
    shouting = all(w.upper() == w for w in letters) and len(letters) > 1
    capitalised = [w for w in letters[1:] if w[:1].isupper()]
    title_case = len(letters) > 2 and len(capitalised) >= max(2, (len(letters) - 1) * 0.6)
    if not (shouting or title_case):
        return text[:1].upper() + text[1:]
    by_fold = {name.casefold(): name for name in names}
    out = []
    after_colon = False
    for i, word in enumerate(words):
        core = word.strip(".,;:!?\"'()\u201c\u201d\u2018\u2019")
        keep = core in names or (not shouting and _is_acronym(core))
        if shouting and core.casefold() in by_fold and core:
            word = word.replace(core, by_fold[core.casefold()])
            keep = True
        if i == 0 or after_colon:
            lowered = word.lower() if not keep else word
            out.append(lowered[:1].upper() + lowered[1:] if not keep else word)
        elif keep:
            out.append(word)
        else:
            out.append(word.lower())
        after_colon = word.endswith(":")
    return " ".join(out)


def _is_acronym(word: str) -> bool:
    """NASA, UK, COVID-19: two or more capitals and no lower-case letters."""
    return sum(c.isupper() for c in word) >= 2 and not any(c.islower() for c in word)
