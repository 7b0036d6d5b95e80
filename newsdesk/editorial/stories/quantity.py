"""One stated figure as a typed quantity, and when two figures agree.

Why ranges: outlets round and hedge. "About 40,000" and "39,800", "more than 200" and "212"
agree; "12 dead" and "15 dead" do not. A quantity's range holds every value its wording
allows, and two quantities agree when their ranges meet.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsdesk.editorial.stories.extract import Sentence

__all__ = ["Quantity"]

_MINUTES_SLACK = 30  # a clock time stated with a hedge ("about 3am")


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


def _value(bound: float | None, default: float) -> float:
    return default if bound is None else bound


def _floor(quantity: Quantity) -> float:
    """The least value a figure allows; a stated maximum allows anything below it."""
    return float("-inf") if quantity.ceiling else _value(quantity.low, float("-inf"))
