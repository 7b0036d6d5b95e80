"""Calendar words shared by the guard's number reader and its name finder."""

from __future__ import annotations

from newsdesk.editorial.guard.names import names
from newsdesk.editorial.guard.numbers import mentions
from newsdesk.text.calendar_words import MONTHS, WEEKDAYS


def test_months_read_as_dates_and_never_as_names() -> None:
    text = "Crews from Marion Electric worked until Sept. 12 and again on Monday."
    assert [m.kind for m in mentions(text)] == ["date", "weekday"]
    assert [n.span for n in names(text)] == ["Marion Electric"]
    assert MONTHS["sept"] == MONTHS["september"] == 9 and "monday" in WEEKDAYS
