"""Locale.US text of SimpleDateFormat (Java 17 CLDR data, identical for format and standalone)."""

from __future__ import annotations

__all__ = ["AMPM", "ERAS", "LONG_MONTHS", "LONG_WEEKDAYS", "SHORT_MONTHS", "SHORT_WEEKDAYS"]

LONG_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
SHORT_MONTHS = tuple(m[:3] for m in LONG_MONTHS)
#: Indexed by Java DAY_OF_WEEK - 1 (Sunday first).
LONG_WEEKDAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
SHORT_WEEKDAYS = tuple(d[:3] for d in LONG_WEEKDAYS)
AMPM = ("AM", "PM")
ERAS = ("BC", "AD")
