"""Numbers, amounts, percentages, dates and times as values, however they are written.

Why values and not strings: a faithful rewrite may write "153" where the source wrote "one
hundred fifty-three", "$1.2bn" for "1.2 billion dollars", "Dec. 12" for "12 December" or
"3pm" for "3 p.m."; an unfaithful one changes the value. Each mention carries every canonical
spelling of its value, and a generated mention is supported when one of them occurs in the
source's set.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from newsdesk.text.calendar_words import MONTHS, WEEKDAYS

__all__ = ["Mention", "known_values", "mentions", "unsupported"]

_ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 2, "thousand": 3, "million": 6, "billion": 9, "trillion": 12}
_SCALE_SUFFIX = {"k": 3, "thousand": 3, "m": 6, "mn": 6, "million": 6, "bn": 9, "b": 9,
                 "billion": 9, "trillion": 12, "tn": 12}
_ORDINALS = {
    "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
    "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fifteenth": 15,
    "twentieth": 20, "thirtieth": 30, "fiftieth": 50, "hundredth": 100,
}
# "one" and "first"/"second" are too often not a count ("one of the", "a second time"),
# so they give values to the source but are never reported on their own.
_NOT_REPORTED = {"one", "zero"}

_NUMWORD = "|".join(sorted([*_ONES, *_TENS, *_SCALES], key=len, reverse=True))
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"

_PATTERNS: tuple[tuple[str, str], ...] = (
    ("date", rf"\b(?P<month1>{_MONTH})\.?\s+(?P<day1>{_DAY})\b"),
    ("date", rf"\b(?P<day2>{_DAY})\s+(?:of\s+)?(?P<month2>{_MONTH})\b"),
    ("time", r"\b(?P<hour>[01]?\d|2[0-3])(?::(?P<minute>[0-5]\d))?\s*"
             r"(?P<ampm>[ap])\.?\s?m\b\.?"),
    ("time", r"\b(?P<hour24>[01]?\d|2[0-3]):(?P<minute24>[0-5]\d)\b"),
    ("weekday", r"\b(?:" + "|".join(WEEKDAYS) + r")\b"),
    ("ordinal", r"\b(?P<ordnum>\d+)(?:st|nd|rd|th)\b|\b(?P<ordword>"
                + "|".join(_ORDINALS) + r")\b"),
    ("number", r"(?<![\w.,])(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?"
               r"(?:\s*(?P<scale>million|billion|trillion|thousand|bn|mn|tn|m|b|k)\b)?"),
    ("number", rf"\b(?P<words>(?:{_NUMWORD})(?:(?:\s+and)?[\s-]+(?:{_NUMWORD}))*)\b"),
)
_SCANNER = re.compile(
    "|".join(f"(?P<k{i}>{pattern})" for i, (_, pattern) in enumerate(_PATTERNS)), re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Mention:
    kind: str  # number | ordinal | date | time | weekday
    span: str
    start: int
    end: int
    values: frozenset[str]
    reportable: bool = True


def mentions(text: str) -> Iterator[Mention]:
    """Every number-like mention, left to right, longest reading first."""
    for m in _SCANNER.finditer(text):
        index = next(i for i in range(len(_PATTERNS)) if m.group(f"k{i}") is not None)
        kind = _PATTERNS[index][0]
        values, reportable = _values(kind, m)
        if values:
            yield Mention(kind, m.group().strip(), m.start(), m.end(), frozenset(values),
                          reportable)


def known_values(text: str) -> set[str]:
    """The value set of a source: every spelling its mentions stand for."""
    known: set[str] = set()
    for mention in mentions(text):
        known |= mention.values
    return known


def unsupported(text: str, known: set[str]) -> Iterator[Mention]:
    """Mentions of `text` whose value the source (as `known_values`) does not hold."""
    for mention in mentions(text):
        if mention.reportable and not mention.values & known:
            yield mention


def _values(kind: str, m: re.Match[str]) -> tuple[set[str], bool]:
    if kind == "date":
        month = MONTHS[(m.group("month1") or m.group("month2")).casefold().rstrip(".")]
        day = int(re.sub(r"\D", "", m.group("day1") or m.group("day2")))
        # The bare day also counts for the source, so "on the 12th" matches "Dec. 12".
        return {f"date:{month}-{day}", f"ordinal:{day}", str(day)}, True
    if kind == "time":
        hour = int(m.group("hour") or m.group("hour24"))
        minute = int(m.group("minute") or m.group("minute24") or 0)
        if m.group("ampm"):
            hour = hour % 12 + (12 if m.group("ampm").casefold() == "p" else 0)
        return {f"time:{hour:02d}:{minute:02d}"}, True
    if kind == "weekday":
        return {f"weekday:{m.group().casefold()}"}, True
    if kind == "ordinal":
        number = int(m.group("ordnum")) if m.group("ordnum") else _ORDINALS[
            m.group("ordword").casefold()]
        return {f"ordinal:{number}", str(number)}, True
    if m.group("words"):
        return _word_number_values(m.group("words"))
    return _digit_values(m.group("int"), m.group("frac"), m.group("scale")), True


def _digit_values(integer: str, frac: str | None, scale: str | None) -> set[str]:
    try:
        value = Decimal(integer.replace(",", "") + (frac or ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits digits only
        return set()
    values = {_canonical(value)}
    if scale:
        values.add(_canonical(value.scaleb(_SCALE_SUFFIX[scale.casefold()])))
    return values


def _word_number_values(words: str) -> tuple[set[str], bool]:
    """ "one hundred fifty-three" -> 153; "three million" -> 3000000 (and 3)."""
    parts = [w for w in re.split(r"[\s-]+", words.casefold()) if w != "and"]
    total, current = 0, 0
    for word in parts:
        if word in _ONES:
            current += _ONES[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        else:
            total += max(current, 1) * 10 ** _SCALES[word]
            current = 0
    total += current
    values = {str(total)}
    if parts[-1] in _SCALES and len(parts) > 1:
        values.add(str(total // 10 ** _SCALES[parts[-1]]) if total else "0")
    reportable = not (len(parts) == 1 and parts[0] in _NOT_REPORTED)
    if len(parts) == 1 and parts[0] in _SCALES:
        reportable = False  # "hundreds of", "millions of": no value is stated
    return values, reportable


def _canonical(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
