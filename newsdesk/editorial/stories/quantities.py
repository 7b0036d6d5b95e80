"""Reading a text's figures as typed quantities: kind, subject and the range stated.

Each figure becomes an interval (a hedge widens it, a round number is as precise as its
last digit; "between 12 and 15" is both ends; "three years and four months" is one term)
with a kind (deaths, money, a date ...) and a subject (the budget, the profit, the jail
term), so two sources disagree only when the same kind about the same subject has ranges
that do not meet (``Quantity.agrees``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from newsdesk.editorial.stories.extract import (
    Mention,
    Sentence,
    number_mentions,
    segment,
    stem,
)
from newsdesk.editorial.stories.lexicon import (
    CLASSES_FOR,
    DURATION_DAYS,
    EVENT_KINDS,
    FRACTIONS,
    MEASURE_UNITS,
    PEOPLE_ONLY,
    THING_NOUNS,
    trigger_class,
)
from newsdesk.editorial.stories.quantity import Quantity
from newsdesk.editorial.stories.wording import (
    Words,
    age_subject,
    hedge,
    is_total,
    nearest,
    nearest_at,
    noun_index,
    partitive_end,
    person_before_who,
)

__all__ = ["Quantity", "quantities"]

_NUMBER = (r"\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
           r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty")
_VOTE_PAIR = re.compile(rf"\b(?P<yes>{_NUMBER})(?:\s+votes?)?\s*(?:-|\u2013|\u2014|to)\s*"
                        rf"(?P<no>{_NUMBER})\b", re.IGNORECASE)
_EXTRA = re.compile(r"\b(?P<dozen>a\s+dozen)\b|\b(?P<fraction>half|a\s+third|a\s+quarter|"
                    r"two-thirds|three-quarters)\b", re.IGNORECASE)
_UNIT = re.compile(r"^\s?-?(?P<unit>km/h|kph|mph|mm|cm|km|kg|ha|ft|metres?|meters?|"
                   r"kilometres?|miles?|tonnes?|tons?|hectares?|acres?|°c|degrees|feet|inches|"
                   r"litres)\b(?P<per_hour>\s+per\s+hour)?", re.IGNORECASE)
_DURATION = re.compile(r"^\s?-?(?P<unit>second|minute|hour|day|week|fortnight|month|year)s?\b"
                       r"(?P<old>-old|\s+old)?", re.IGNORECASE)


def quantities(text: str) -> list[Quantity]:
    """Every figure of ``text`` whose kind and subject can be told, left to right."""
    found: list[Quantity] = []
    for sentence in segment(text):
        found.extend(_in_sentence(sentence))
    return found


def _in_sentence(sentence: Sentence) -> Iterator[Quantity]:
    text = sentence.text
    words = Words(text)
    covered: list[tuple[int, int]] = []
    if any(trigger_class(t.text) == "votes" for t in words):
        for m in _VOTE_PAIR.finditer(text):
            covered.append((m.start(), m.end()))
            for side, subject in (("yes", "for"), ("no", "against")):
                value = _word_value(m.group(side))
                yield _make(sentence, "votes", subject, value, value, m, m.start(), m.end())
    pending: list[Quantity] = []
    mentions = [m for m in _mentions(text) if not any(a <= m.start < b for a, b in covered)]
    low_end: Mention | None = None
    for i, mention in enumerate(mentions):
        following = mentions[i + 1] if i + 1 < len(mentions) else None
        if pending and (joined := _joined(sentence, pending[-1], mention)) is not None:
            pending[-1] = joined
            continue
        if following is not None and _opens_range(text, mention, following):
            low_end = mention  # "between 12 and 15": read with its upper end
            continue
        quantity = _read(sentence, words, mention, low_end.start if low_end else None)
        if quantity is not None and low_end is not None:
            quantity = _ranged(sentence, low_end, quantity)
        low_end = None
        if quantity is not None:
            pending.append(quantity)
    yield from pending


def _opens_range(text: str, mention: Mention, following: Mention) -> bool:
    """ "between 12 and 15", "60 to 70mph", "5-10cm": two ends of one range (not "from 3 to
    5", a change, nor a vote or a score, read before)."""
    if mention.kind != "number" or following.kind != "number":
        return False
    gap = text[mention.end:following.start]
    before = text[:mention.start].casefold().rstrip(" £$€")
    if before.endswith("between"):
        return re.fullmatch(r"\s*(?:[a-z%]+\s+)?and\s+[£$€]?", gap) is not None
    if before.endswith("from"):
        return False
    return re.fullmatch(r"\s+to\s+[£$€]?|\s*[-\u2013]\s*[£$€]?", gap) is not None


def _ranged(sentence: Sentence, low_end: Mention, upper: Quantity) -> Quantity | None:
    """The upper end's quantity, widened down to the low end (in the upper end's scale:
    "between 1 and 2 million")."""
    if upper.label or upper.high is None:
        return None
    numbers = [float(v) for v in low_end.values if _is_number(v)]
    if not numbers:
        return None
    low = min(numbers)
    written = float(re.sub(r"[^\d.]", "", upper.span) or 0)
    stated = upper.high if upper.low is None else (upper.low + upper.high) / 2
    if written and stated / written >= 1000 and low < written:
        low *= stated / written  # the scale word belongs to both ends
    if upper.kind == "money" and re.match(r"^p\b", sentence.text[upper.end:upper.end + 2]):
        low /= 100
    span = sentence.text[low_end.start:upper.end]
    return Quantity(upper.kind, upper.subject, low, upper.high, "", False, span,
                    low_end.start, upper.end, sentence)


def _mentions(text: str) -> list[Mention]:
    found = list(number_mentions(text))
    for m in _EXTRA.finditer(text):
        if m.group("dozen"):
            found.append(Mention("number", m.group(), m.start(), m.end(), frozenset({"12"})))
        else:
            share = FRACTIONS[m.group("fraction").casefold().split()[-1]]
            found.append(Mention("fraction", m.group(), m.start(), m.end(),
                                 frozenset({str(share)})))
    return sorted(found, key=lambda m: m.start)


def _read(sentence: Sentence, words: Words, mention: Mention,
          phrase_start: int | None = None) -> Quantity | None:
    """The quantity a mention states, or None when what it counts cannot be told.
    ``phrase_start`` is where its phrase begins when that is earlier ("between 12 and")."""
    text = sentence.text
    at = next((i for i, t in enumerate(words) if t.end > mention.start), len(words))
    first = at if phrase_start is None else next(
        (i for i, t in enumerate(words) if t.end > phrase_start), at)
    last = max(at, next((i for i in range(len(words) - 1, -1, -1)
                         if words[i].start < mention.end), at))
    after = text[mention.end:]
    low, high, ceiling, hedge_words = hedge(words, first)
    last = partitive_end(words, last)  # "seven of the nine members": one phrase
    noun_at = noun_index(words, last)
    # Subject words are looked for either side of the phrase: its hedge and the figure.
    span = (first - hedge_words, last)
    if mention.kind in ("date", "weekday", "time"):
        label = sorted(v for v in mention.values if ":" in v)[0]
        subject = nearest(words, span, CLASSES_FOR["date"]) or ""
        hedged = (low, high) != (1.0, 1.0) or ceiling
        return _labelled(sentence, mention, "date" if mention.kind != "time" else "time",
                         subject, label + ("~" if hedged else ""))
    numbers = sorted(float(v) for v in mention.values if _is_number(v))
    if not numbers:
        return None
    value, end = numbers[-1], mention.end
    kind, subject = "", ""
    before = text[:mention.start].rstrip()
    if mention.kind == "fraction" or after.lstrip().startswith("%") or \
            re.match(r"^\s+per\s?cent\b", after, re.IGNORECASE):
        kind = "percent"
        subject = nearest(words, span, CLASSES_FOR["percent"]) or ""
    elif before.endswith(("£", "$", "€")) or re.match(r"^(?:p\b|\s+(?:pence|pounds|dollars|"
                                                    r"euros)\b)", after, re.IGNORECASE):
        kind = "money"
        if re.match(r"^p\b|^\s+pence\b", after, re.IGNORECASE):
            value /= 100
        subject = nearest(words, span, CLASSES_FOR["money"]) or ""
    elif mention.kind == "ordinal":
        kind = "ordinal"
        following = stem(words[noun_at].text) if noun_at is not None else None
        subject = following or nearest(words, span, CLASSES_FOR["ordinal"]) or ""
    elif (duration := _DURATION.match(after)) is not None:
        if duration.group("old") or before.casefold().endswith("aged"):
            kind, subject = "age", age_subject(words, at)
        else:
            kind = "duration"
            value *= DURATION_DAYS[duration.group("unit").casefold()]
            subject = nearest(words, span, CLASSES_FOR["duration"]) or ""
        end = mention.end + duration.end()
    elif (unit := _unit(mention, after)) is not None:
        kind, value = "measure", (numbers[0] if unit == "m" else value)
        subject = f"{unit}/{nearest(words, span, CLASSES_FOR['measure']) or ''}"
        if subject.endswith("/"):
            return None  # a distance or depth of what? too vague to compare
    elif _names_magnitude(text, words, span, mention, value):
        kind, subject = "magnitude", ""
    elif _is_age(text, words, at, mention):
        kind, subject = "age", age_subject(words, at)
    elif re.search(r"\bwho (?:was|is)\s*$", before + " ") and mention.span.isdigit():
        kind, subject = "age", person_before_who(words, at)  # "the rider, who was 54,"
    else:
        kind, subject = _count(words, at, span, noun_at)
    if not kind or (not subject and kind not in EVENT_KINDS | {"magnitude", "age"}):
        return None
    if not mention.reportable and kind not in EVENT_KINDS and kind != "count":
        return None
    lo, hi = _range(mention, value, low, high)
    if ceiling:  # a stated maximum keeps its own precision, to compare with another maximum
        lo = value - _precision(mention.span, value)
    return _make(sentence, kind, subject, lo, hi, None, mention.start, end, ceiling)


def _count(words: Words, at: int, span: tuple[int, int], noun_at: int | None
           ) -> tuple[str, str]:
    """A count of people or things: its kind comes from the event word nearby ("killed"),
    else it is a count of its noun with what happened to them ("homes ... destroyed")."""
    found = nearest_at(words, span, CLASSES_FOR["count"])
    group = found[1] if found else None
    noun = stem(words[noun_at].text) if noun_at is not None else None
    if is_total(words, at):
        return "", ""  # "half of the village's 600 homes": the 600 is not what happened
    if group == "votes" and "by" in (t.lower for t in words[max(0, at - 2):at]):
        return "votes", "margin"  # "won by 45 votes"
    if group == "votes" and found is not None:
        side = " ".join(t.lower for t in words[found[0] + 1:found[0] + 3])
        if side.startswith(("for", "in favour", "in favor")):
            return "votes", "for"  # "seven of the nine members voted for the cut"
        if side.startswith("against"):
            return "votes", "against"
    if group in PEOPLE_ONLY and noun in THING_NOUNS:
        group = None  # "two homes" were not injured, whatever happened nearby
    if group in EVENT_KINDS:
        return group, ""
    if noun is None:
        return "", ""
    return "count", f"{noun}/{group or ''}"


def _range(mention: Mention, value: float, low: float | None, high: float | None
           ) -> tuple[float | None, float | None]:
    """The values the figure allows: its hedge, or the precision its spelling implies."""
    slack = _precision(mention.span, value)
    lo = None if low is None else min(value * low, value - slack)
    hi = None if high is None else max(value * high, value + slack)
    return lo, hi


def _precision(span: str, value: float) -> float:
    """Half the unit of the last written digit ("£1.2m": 50,000); a whole number ending in
    two or more zeros is taken as rounded to within 2% ("40,000")."""
    digits = re.sub(r"[^\d.]", "", span)
    if not digits:
        return 0.0
    written = float(digits)
    if written and value != written:  # a scale word: "£1.2m", "2 million"
        decimals = len(digits.split(".", 1)[1]) if "." in digits else 0
        return 0.5 * 0.1**decimals * value / written
    if "." in digits:
        return 0.0  # "6.4" says 6.4: a magnitude of 6.3 is another figure
    zeros = len(digits) - len(digits.rstrip("0"))
    return 0.02 * value if zeros >= 2 else 0.0


def _unit(mention: Mention, after: str) -> str | None:
    if re.search(r"\d\s*m$", mention.span) and not re.match(r"^\s*[a-z]", after):
        return "m"  # "3.2m" with no noun after it: metres, not millions
    found = _UNIT.match(after)
    if found is None:
        return None
    unit = MEASURE_UNITS.get(found.group("unit").casefold(), found.group("unit").casefold())
    return "mph" if unit == "mile" and found.group("per_hour") else unit


def _names_magnitude(text: str, words: Words, span: tuple[int, int], mention: Mention,
                     value: float) -> bool:
    if value >= 10 or "." not in mention.span:
        return False
    near = text[max(0, mention.start - 12):mention.end + 12].casefold()
    return "magnitude" in near or nearest(words, span, frozenset({"magnitude"})) is not None


def _is_age(text: str, words: Words, at: int, mention: Mention) -> bool:
    """ "Linda Hale, 52, of Brayford": a figure set off by commas after a name."""
    before, after = text[:mention.start], text[mention.end:]
    if not mention.span.isdigit() or not 0 < int(mention.span) < 120:
        return False
    return (before.endswith(", ") and after[:1] in (",", ")") and at > 0
            and words[at - 1].text[:1].isupper())


def _joined(sentence: Sentence, first: Quantity, mention: Mention) -> Quantity | None:
    """ "three years and four months" is one term of 40 months."""
    text = sentence.text
    unit = _DURATION.match(text[mention.end:])
    if first.kind != "duration" or unit is None or unit.group("old") or \
            re.fullmatch(r"\s+and\s+", text[first.end:mention.start]) is None:
        return None
    numbers = [float(v) for v in mention.values if _is_number(v)]
    if not numbers or first.low is None or first.high is None:
        return None
    extra = max(numbers) * DURATION_DAYS[unit.group("unit").casefold()]
    end = mention.end + unit.end()
    return Quantity(first.kind, first.subject, first.low + extra, first.high + extra, "",
                    False, text[first.start:end], first.start, end, sentence)


def _make(sentence: Sentence, kind: str, subject: str, low: float | None, high: float | None,
          match: re.Match[str] | None, start: int, end: int, ceiling: bool = False) -> Quantity:
    span = match.group() if match is not None else sentence.text[start:end]
    return Quantity(kind, subject, low, high, "", ceiling, span, start, end, sentence)


def _labelled(sentence: Sentence, mention: Mention, kind: str, subject: str,
              label: str) -> Quantity:
    return Quantity(kind, subject, None, None, label, False, mention.span, mention.start,
                    mention.end, sentence)


def _word_value(word: str) -> float:
    """ "9", "1,204" or "nine" as a number (the vote pattern admits nothing else)."""
    for mention in number_mentions(word):
        return max(float(v) for v in mention.values if _is_number(v))
    raise ValueError(f"not a number: {word!r}")  # pragma: no cover - the pattern admits none


def _is_number(value: str) -> bool:
    return bool(re.fullmatch(r"\d+(?:\.\d+)?", value))


