"""Month and weekday names as English news writes them, abbreviations included.

Shared by the guard's number reader (a month name makes a date) and its name finder (a
capitalised month or weekday is not a name), so neither reaches into the other.
"""

from __future__ import annotations

__all__ = ["MONTHS", "WEEKDAYS"]

# Month name or abbreviation -> month number.
MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
WEEKDAYS: tuple[str, ...] = (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"
)
