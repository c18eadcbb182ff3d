"""Calendar arithmetic of Java's GregorianCalendar for Locale.US.

Locale.US weeks start on Sunday and week 1 is the week holding January 1
(``minimalDaysInFirstWeek`` = 1). Day numbers are proleptic-Gregorian ordinals
(``date.toordinal()``), which equal Java's "fixed dates" from 1582-10-15 on.
"""

from __future__ import annotations

from datetime import date, datetime

__all__ = [
    "day_of_week",
    "day_of_year",
    "dow_on_or_before",
    "week_of_month",
    "week_of_year",
    "week_year",
]


def day_of_week(ordinal: int) -> int:
    """Java's DAY_OF_WEEK: Sunday = 1 ... Saturday = 7."""
    return ordinal % 7 + 1


def dow_on_or_before(ordinal: int, dow: int) -> int:
    """The last day on or before ``ordinal`` whose Java DAY_OF_WEEK is ``dow``."""
    return ordinal - (ordinal - (dow - 1)) % 7


def day_of_year(d: date | datetime) -> int:
    return d.toordinal() - date(d.year, 1, 1).toordinal() + 1


def _week_number(first_ordinal: int, ordinal: int) -> int:
    # Week 1 is the Sunday-started week containing ``first_ordinal``.
    week1 = dow_on_or_before(first_ordinal, 1)
    return (ordinal - week1) // 7 + 1


def week_of_year(d: date | datetime) -> int:
    """WEEK_OF_YEAR; the days after the last Sunday of December that precedes a
    non-Sunday January 1 belong to week 1 of the next year."""
    ordinal = d.toordinal()
    if d.month == 12 and d.year < 9999:
        next_jan1 = date(d.year + 1, 1, 1).toordinal()
        if ordinal >= dow_on_or_before(next_jan1, 1):
            return 1
    return _week_number(date(d.year, 1, 1).toordinal(), ordinal)


def week_year(d: date | datetime) -> int:
    """Java's getWeekYear(): the year that WEEK_OF_YEAR counts in."""
    if d.month == 12 and week_of_year(d) == 1:
        return d.year + 1
    return d.year


def week_of_month(d: date | datetime) -> int:
    return _week_number(date(d.year, d.month, 1).toordinal(), d.toordinal())
