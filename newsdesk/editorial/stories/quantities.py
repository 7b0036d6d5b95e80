"""Figures as typed quantities: what kind, about what, and the range of values stated.

Why ranges: outlets round and hedge. "About 40,000" and "39,800", "more than 200" and "212",
"a dozen" and "12", "three years and four months" and "40 months" all agree; "12 dead" and
"15 dead" do not. Each figure becomes an interval (a hedge widens it, a round number is as
precise as its last digit) with a kind (deaths, money, a date ...) and a subject (the budget,
the profit, the jail term), so two sources disagree only when the same kind about the same
subject has ranges that do not meet.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from newsdesk.editorial.stories.extract import (
    STOPWORDS,
    Mention,
    Sentence,
    Token,
    number_mentions,
    segment,
    stem,
    tokens,
    word_set,
)
from newsdesk.editorial.stories.lexicon import (
    AGE_NOUNS,
    CEILINGS,
    CLASSES_FOR,
    DURATION_DAYS,
    EVENT_KINDS,
    FRACTIONS,
    MEASURE_UNITS,
    PEOPLE_ONLY,
    QUALIFIERS,
    SKIP_BEFORE_NOUN,
    THING_NOUNS,
    trigger_class,
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
_NUMBER_WORDS = word_set("""
    two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
    hundred thousand million billion dozen
""")
_MONTHS = word_set("""
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
""")
_CLAUSE_WORDS = word_set("and but while whereas as after")
_CLAUSE_COST = 4
_WINDOW = 12  # tokens either side in which a subject word counts
_MINUTES_SLACK = 30


class _Words(list[Token]):
    """A sentence's words, and whether a clause mark (; : — or a bracket) follows one."""

    def __init__(self, text: str) -> None:
        super().__init__(tokens(text))
        self.text = text

    def breaks_after(self, i: int) -> bool:
        if not 0 <= i < len(self) - 1:
            return False
        return any(mark in self.text[self[i].end:self[i + 1].start] for mark in ";:()\u2014")


@dataclass(frozen=True, slots=True)
class Quantity:
    """One stated figure. ``low``/``high`` bound a number (None: unbounded); ``label`` holds
    a date, weekday or clock time instead. Offsets index the text it was read from."""

    kind: str
    subject: str
    low: float | None
    high: float | None
    label: str
    ceiling: bool
    span: str
    start: int
    end: int
    sentence: Sentence

    @property
    def key(self) -> tuple[str, str]:
        return self.kind, self.subject

    def agrees(self, other: Quantity) -> bool:
        """Whether both can be true of one thing: their ranges meet (two stated maxima, such
        as forecasts, must be equal)."""
        if self.label or other.label:
            return _labels_agree(self, other)
        if self.ceiling and other.ceiling:  # two forecasts of a maximum: the same maximum?
            low = max(_value(self.low, float("-inf")), _value(other.low, float("-inf")))
        else:
            low = max(_floor(self), _floor(other))
        high = min(_value(self.high, float("inf")), _value(other.high, float("inf")))
        return low <= high * (1 + 1e-9)


def quantities(text: str) -> list[Quantity]:
    """Every figure of ``text`` whose kind and subject can be told, left to right."""
    found: list[Quantity] = []
    for sentence in segment(text):
        found.extend(_in_sentence(sentence))
    return found


def _in_sentence(sentence: Sentence) -> Iterator[Quantity]:
    text = sentence.text
    words = _Words(text)
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


def _read(sentence: Sentence, words: _Words, mention: Mention,
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
    low, high, ceiling, hedge_words = _hedge(words, first)
    last = _partitive_end(words, last)  # "seven of the nine members": one phrase
    noun_at = _noun_index(words, last)
    # Subject words are looked for either side of the phrase: its hedge and the figure.
    span = (first - hedge_words, last)
    if mention.kind in ("date", "weekday", "time"):
        label = sorted(v for v in mention.values if ":" in v)[0]
        subject = _nearest(words, span, CLASSES_FOR["date"]) or ""
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
        subject = _nearest(words, span, CLASSES_FOR["percent"]) or ""
    elif before.endswith(("£", "$", "€")) or re.match(r"^(?:p\b|\s+(?:pence|pounds|dollars|"
                                                    r"euros)\b)", after, re.IGNORECASE):
        kind = "money"
        if re.match(r"^p\b|^\s+pence\b", after, re.IGNORECASE):
            value /= 100
        subject = _nearest(words, span, CLASSES_FOR["money"]) or ""
    elif mention.kind == "ordinal":
        kind = "ordinal"
        following = stem(words[noun_at].text) if noun_at is not None else None
        subject = following or _nearest(words, span, CLASSES_FOR["ordinal"]) or ""
    elif (duration := _DURATION.match(after)) is not None:
        if duration.group("old") or before.casefold().endswith("aged"):
            kind, subject = "age", _age_subject(words, at)
        else:
            kind = "duration"
            value *= DURATION_DAYS[duration.group("unit").casefold()]
            subject = _nearest(words, span, CLASSES_FOR["duration"]) or ""
        end = mention.end + duration.end()
    elif (unit := _unit(mention, after)) is not None:
        kind, value = "measure", (numbers[0] if unit == "m" else value)
        subject = f"{unit}/{_nearest(words, span, CLASSES_FOR['measure']) or ''}"
        if subject.endswith("/"):
            return None  # a distance or depth of what? too vague to compare
    elif _names_magnitude(text, words, span, mention, value):
        kind, subject = "magnitude", ""
    elif _is_age(text, words, at, mention):
        kind, subject = "age", _age_subject(words, at)
    elif re.search(r"\bwho (?:was|is)\s*$", before + " ") and mention.span.isdigit():
        kind, subject = "age", _person_before_who(words, at)  # "the rider, who was 54,"
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


def _count(words: _Words, at: int, span: tuple[int, int], noun_at: int | None
           ) -> tuple[str, str]:
    """A count of people or things: its kind comes from the event word nearby ("killed"),
    else it is a count of its noun with what happened to them ("homes ... destroyed")."""
    found = _nearest_at(words, span, CLASSES_FOR["count"])
    group = found[1] if found else None
    noun = stem(words[noun_at].text) if noun_at is not None else None
    if _is_total(words, at):
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


def _nearest(words: _Words, span: tuple[int, int], allowed: frozenset[str]
             ) -> str | None:
    """The subject group of the closest subject word either side of the figure's phrase,
    within the window (after wins ties)."""
    found = _nearest_at(words, span, allowed)
    return found[1] if found else None


def _nearest_at(words: _Words, span: tuple[int, int], allowed: frozenset[str]
                ) -> tuple[int, str] | None:
    """Where the closest subject word is, and its group. Looking ahead stops at another
    figure: a word past it describes that one ("risen to 27, with more than 150 injured").
    Looking back passes a figure of the same phrase ("profit rose 8% to £184m") but not one
    of another clause ("five were injured and two homes destroyed")."""
    first, last = span
    before = _scan(words, range(first - 1, max(-1, first - _WINDOW - 1), -1), allowed,
                   backwards=True)
    after = _scan(words, range(last + 1, min(len(words), last + _WINDOW + 1)), allowed,
                  backwards=False)
    if after and (not before or after[0] <= before[0]):
        return after[1], after[2]
    return (before[1], before[2]) if before else None


def _scan(words: _Words, indices: range, allowed: frozenset[str], *,
          backwards: bool) -> tuple[int, int, str] | None:
    """The first subject word along ``indices``: its distance (a clause word crossed on the
    way counts as several words), index and group."""
    clause_break = False
    distance = 0
    for i in indices:
        distance += 1
        if _is_count(words, i) and (not backwards or clause_break):
            return None
        if words[i].lower in _CLAUSE_WORDS or words.breaks_after(i if backwards else i - 1):
            clause_break = True
            distance += _CLAUSE_COST
        group = trigger_class(words[i].text)
        if words[i].lower == "board" and i and words[i - 1].lower == "on":
            group = "aboard"
        if group in allowed:
            return distance, i, group
    return None


def _is_count(words: _Words, i: int) -> bool:
    """A figure other than a date's day ("14 April" does not end a clause's subject)."""
    word = words[i].text
    if not (any(c.isdigit() for c in word) or word.casefold() in _NUMBER_WORDS):
        return False
    neighbours = {words[j].lower.rstrip(".") for j in (i - 1, i + 1) if 0 <= j < len(words)}
    return not neighbours & _MONTHS


def _partitive_end(words: _Words, last: int) -> int:
    following = [t.lower for t in words[last + 1:last + 4]]
    if len(following) == 3 and following[0] == "of" and following[1] in ("the", "its", "their") \
            and _is_count(words, last + 3):
        return last + 3
    return last


def _noun_index(words: _Words, last: int) -> int | None:
    """The word a figure counts ("12 people", "two other workers"), if one follows it."""
    for i in range(last + 1, min(len(words), last + 4)):
        if words[i].lower in SKIP_BEFORE_NOUN:
            continue
        if words[i].text.isalpha() and words[i].lower not in STOPWORDS \
                and words[i].lower not in _NUMBER_WORDS:
            return i
        return None
    return None


def _is_total(words: _Words, at: int) -> bool:
    """Preceded by a possessive or "of the": the figure is a whole that a share is taken of."""
    before = [t.lower for t in words[max(0, at - 3):at]]
    return any(w.endswith(("'s", "\u2019s")) for w in before) or \
        " ".join(before[-2:]) in ("of the", "of its", "of their")


def _hedge(words: _Words, at: int) -> tuple[float | None, float | None, bool, int]:
    """The hedge before a figure as factors of its value, whether it states a maximum, and
    how many words it takes."""
    before = tuple(t.lower for t in words[max(0, at - 3):at])
    for phrase, (low, high) in sorted(QUALIFIERS.items(), key=lambda kv: -len(kv[0])):
        if before[-len(phrase):] == phrase:
            return low, high, phrase in CEILINGS, len(phrase)
    return 1.0, 1.0, False, 0


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


def _names_magnitude(text: str, words: _Words, span: tuple[int, int], mention: Mention,
                     value: float) -> bool:
    if value >= 10 or "." not in mention.span:
        return False
    near = text[max(0, mention.start - 12):mention.end + 12].casefold()
    return "magnitude" in near or _nearest(words, span, frozenset({"magnitude"})) is not None


def _is_age(text: str, words: _Words, at: int, mention: Mention) -> bool:
    """ "Linda Hale, 52, of Brayford": a figure set off by commas after a name."""
    before, after = text[:mention.start], text[mention.end:]
    if not mention.span.isdigit() or not 0 < int(mention.span) < 120:
        return False
    return (before.endswith(", ") and after[:1] in (",", ")") and at > 0
            and words[at - 1].text[:1].isupper())


def _person_before_who(words: _Words, at: int) -> str:
    for i in range(at - 1, max(-1, at - 5), -1):
        if words[i].lower == "who" and i > 0:
            return stem(words[i - 1].text) if words[i - 1].lower in AGE_NOUNS else ""
    return ""


def _age_subject(words: _Words, at: int) -> str:
    for token in words[at + 1: at + 3]:
        if token.lower in AGE_NOUNS:
            return stem(token.text)
    if at > 0 and words[at - 1].text[:1].isupper() and words[at - 1].lower not in STOPWORDS:
        return stem(words[at - 1].text)
    return ""


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


def _labels_agree(a: Quantity, b: Quantity) -> bool:
    left, right = a.label.rstrip("~"), b.label.rstrip("~")
    if not left or not right or left.split(":")[0] != right.split(":")[0]:
        return True  # a date and a weekday, or a number: nothing to compare
    if left.startswith("time:"):
        slack = _MINUTES_SLACK if a.label.endswith("~") or b.label.endswith("~") else 0
        return abs(_minutes(left) - _minutes(right)) <= slack
    return left == right


def _minutes(label: str) -> int:
    hours, minutes = label.split(":")[1:]
    return int(hours) * 60 + int(minutes)


def _word_value(word: str) -> float:
    """ "9", "1,204" or "nine" as a number (the vote pattern admits nothing else)."""
    for mention in number_mentions(word):
        return max(float(v) for v in mention.values if _is_number(v))
    raise ValueError(f"not a number: {word!r}")  # pragma: no cover - the pattern admits none


def _is_number(value: str) -> bool:
    return bool(re.fullmatch(r"\d+(?:\.\d+)?", value))


def _value(bound: float | None, default: float) -> float:
    return default if bound is None else bound


def _floor(quantity: Quantity) -> float:
    """The least value a figure allows; a stated maximum allows anything below it."""
    return float("-inf") if quantity.ceiling else _value(quantity.low, float("-inf"))
