"""Which parsed fields decide the date and time, and the day they name (Java's rules).

``Calendar.selectFields`` keeps the most recently parsed complete combination: month and
day, week of month and weekday, weekday in month, day of year, or week of year and
weekday; then hour of day, or hour plus AM/PM. Stamps are the order fields were parsed in.
"""

from __future__ import annotations

from datetime import date

from . import fields
from .field_ids import (
    AM_PM,
    DAY_OF_MONTH,
    DAY_OF_WEEK,
    DAY_OF_WEEK_IN_MONTH,
    DAY_OF_YEAR,
    DST_OFFSET,
    HOUR,
    HOUR_OF_DAY,
    MONTH,
    WEEK_OF_MONTH,
    WEEK_OF_YEAR,
    YEAR,
    ZONE_OFFSET,
)

__all__ = ["InvalidFields", "fixed_date", "select_fields"]


class InvalidFields(ValueError):
    """The parsed fields do not make a valid date (Java: IllegalArgumentException)."""


def _agg(a: int, b: int) -> int:
    return 0 if a == 0 or b == 0 else max(a, b)


def select_fields(s: list[int]) -> set[int]:
    """Calendar.selectFields: the most recently set field combination wins."""
    mask = {YEAR}
    dow, dom = s[DAY_OF_WEEK], s[DAY_OF_MONTH]
    wom, dowim = _agg(s[WEEK_OF_MONTH], dow), _agg(s[DAY_OF_WEEK_IN_MONTH], dow)
    doy, woy = s[DAY_OF_YEAR], _agg(s[WEEK_OF_YEAR], dow)
    best = max(dom, wom, dowim, doy, woy)
    if best == 0:
        wom, dowim, woy = s[WEEK_OF_MONTH], max(s[DAY_OF_WEEK_IN_MONTH], dow), s[WEEK_OF_YEAR]
        best = max(wom, dowim, woy)
        if best == 0:
            best = dom = s[MONTH]
    if (
        best == dom
        or (best == wom and s[WEEK_OF_MONTH] >= s[WEEK_OF_YEAR])
        or (best == dowim and s[DAY_OF_WEEK_IN_MONTH] >= s[WEEK_OF_YEAR])
    ):
        mask.add(MONTH)
        if best == dom:
            mask.add(DAY_OF_MONTH)
        else:
            if dow:
                mask.add(DAY_OF_WEEK)
            if wom == dowim:
                mask.add(
                    WEEK_OF_MONTH
                    if s[WEEK_OF_MONTH] >= s[DAY_OF_WEEK_IN_MONTH]
                    else DAY_OF_WEEK_IN_MONTH
                )
            elif best == wom:
                mask.add(WEEK_OF_MONTH)
            elif s[DAY_OF_WEEK_IN_MONTH]:
                mask.add(DAY_OF_WEEK_IN_MONTH)
    elif best == doy:
        mask.add(DAY_OF_YEAR)
    else:
        if dow:
            mask.add(DAY_OF_WEEK)
        mask.add(WEEK_OF_YEAR)
    hour_of_day, hour = s[HOUR_OF_DAY], _agg(s[HOUR], s[AM_PM])
    best = max(hour, hour_of_day) or max(s[HOUR], s[AM_PM])
    if best:
        if best == hour_of_day:
            mask.add(HOUR_OF_DAY)
        else:
            mask.add(HOUR)
            if s[AM_PM]:
                mask.add(AM_PM)
    mask.update(f for f in (ZONE_OFFSET, DST_OFFSET) if s[f])
    return mask


def fixed_date(v: list[int], s: list[int], year: int, mask: set[int]) -> int:
    """GregorianCalendar.getFixedDate: the day (ordinal) the selected fields name."""
    if MONTH in mask:
        first = _first_of(year, v[MONTH] + 1, 1)
        if DAY_OF_MONTH in mask:
            return first + (v[DAY_OF_MONTH] - 1 if s[DAY_OF_MONTH] else 0)
        if WEEK_OF_MONTH in mask:
            week1 = _first_week_start(first)
            if DAY_OF_WEEK in mask:
                week1 = fields.dow_on_or_before(week1 + 6, v[DAY_OF_WEEK])
            return week1 + 7 * (v[WEEK_OF_MONTH] - 1)
        dow = v[DAY_OF_WEEK] if DAY_OF_WEEK in mask else 1
        dowim = v[DAY_OF_WEEK_IN_MONTH] if DAY_OF_WEEK_IN_MONTH in mask else 1
        return fields.dow_on_or_before(first + 7 * dowim - 1, dow)
    jan1 = _first_of(year, 1, 1)
    if DAY_OF_YEAR in mask:
        return jan1 + v[DAY_OF_YEAR] - 1
    week1 = _first_week_start(jan1)
    if DAY_OF_WEEK in mask and v[DAY_OF_WEEK] != 1:
        week1 = fields.dow_on_or_before(week1 + 6, v[DAY_OF_WEEK])
    return week1 + 7 * (v[WEEK_OF_YEAR] - 1)


def _first_week_start(first: int) -> int:
    start = fields.dow_on_or_before(first + 6, 1)
    return start - 7 if start - first >= 1 else start


def _first_of(year: int, month: int, day: int) -> int:
    try:
        return date(year, month, day).toordinal()
    except ValueError:
        raise InvalidFields(f"year {year} is outside 1..9999") from None
