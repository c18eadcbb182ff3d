"""Java's GregorianCalendar field resolution, non-lenient, for SimpleDateFormat.parse.

Parsing records ``(field, value)`` pairs in order (``Builder``, Java's CalendarBuilder).
``establish`` then picks the most recently set field combination for the date and the
time of day (``Calendar.selectFields``), converts local time to an instant (DST gaps use
the offset before the change, overlaps the one after, as ZoneInfo.getOffsetsByWall does),
and, being non-lenient, rejects any parsed field the instant does not reproduce: month 13,
February 30, 24:00, a wrong weekday, a local time inside a DST gap.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from . import fields
from .field_ids import (
    AM_PM,
    DAY_OF_MONTH,
    DAY_OF_WEEK,
    DST_OFFSET,
    ERA,
    HOUR,
    HOUR_OF_DAY,
    ISO_DAY_OF_WEEK,
    MILLISECOND,
    MINUTE,
    MONTH,
    NAMES,
    SECOND,
    WEEK_OF_YEAR,
    WEEK_YEAR,
    YEAR,
    ZONE_OFFSET,
)
from .selection import InvalidFields, fixed_date, select_fields
from .zones import Zone

__all__ = ["Builder", "InvalidFields", "establish"]

_H = 3_600_000
_MIN = (0, 1, 0, 1, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, -13 * _H, 0)
_MAX = (1, 292278994, 11, 53, 6, 31, 366, 7, 6, 1, 11, 23, 59, 59, 999, 14 * _H, 2 * _H)
_EPOCH = date(1970, 1, 1).toordinal()
_UTC_EPOCH = datetime(1970, 1, 1)
# ZoneInfo's transition table stops here; later dates follow the zone's last rule.
_LAST_TABLE_YEAR = 2037


class Builder:
    """Parsed fields with the order they were set in (Java's CalendarBuilder stamps)."""

    def __init__(self, zone: Zone) -> None:
        self.zone = zone
        self.stamp = [0] * 18
        self.value = [0] * 18
        self.next_stamp = 2

    def set(self, field: int, value: int) -> None:
        if field == ISO_DAY_OF_WEEK:
            field = DAY_OF_WEEK
            value = 1 if value == 7 else value + 1 if 1 <= value <= 6 else value
        self.stamp[field] = self.next_stamp
        self.value[field] = value
        self.next_stamp += 1

    def clear(self, field: int) -> None:
        self.stamp[field] = 0
        self.value[field] = 0

    def is_set(self, field: int) -> bool:
        return self.stamp[field] != 0


def establish(b: Builder) -> int:
    """Epoch milliseconds for the parsed fields, or ``InvalidFields``."""
    cal = Builder(b.zone)
    order = sorted((s, f) for f, s in enumerate(b.stamp[:17]) if s)
    for _, f in order:
        cal.set(f, b.value[f])
    if b.is_set(WEEK_YEAR) and b.stamp[WEEK_YEAR] > b.stamp[YEAR]:
        woy = b.value[WEEK_OF_YEAR] if b.is_set(WEEK_OF_YEAR) else 1
        dow = b.value[DAY_OF_WEEK] if b.is_set(DAY_OF_WEEK) else 1
        _set_week_date(cal, b.value[WEEK_YEAR], woy, dow)
    return _compute_time(cal)


def _set_week_date(cal: Builder, week_year: int, woy: int, dow: int) -> None:
    if not 1 <= dow <= 7:
        raise InvalidFields(f"invalid day of week: {dow}")
    jan1 = _ordinal(week_year, 1, 1)
    day = fields.dow_on_or_before(jan1, 1) + (dow - 1) + 7 * (woy - 1)
    d = _from_ordinal(day)
    found = (fields.week_year(d), fields.week_of_year(d), fields.day_of_week(day))
    if found != (week_year, woy, dow):
        raise InvalidFields(f"week {woy} of {week_year} has no such day")
    for field, value in ((ERA, 1), (YEAR, d.year), (MONTH, d.month - 1), (DAY_OF_MONTH, d.day)):
        cal.set(field, value)
    cal.value[WEEK_OF_YEAR] = woy


def _compute_time(cal: Builder) -> int:
    stamped = [f for f in range(17) if cal.stamp[f]]
    for f in stamped:
        if not _MIN[f] <= cal.value[f] <= _MAX[f]:
            raise InvalidFields(f"{NAMES[f]} {cal.value[f]} is out of range")
    if cal.is_set(ERA) and cal.value[ERA] == 0:
        raise InvalidFields("years before the Christian era are not supported")
    year = cal.value[YEAR] if cal.is_set(YEAR) else 1970
    mask = select_fields(cal.stamp)
    hours = (
        cal.value[HOUR_OF_DAY]
        if HOUR_OF_DAY in mask
        else (cal.value[HOUR] + (12 * cal.value[AM_PM] if AM_PM in mask else 0))
    )
    time_of_day = ((hours * 60 + cal.value[MINUTE]) * 60 + cal.value[SECOND]) * 1000
    time_of_day += cal.value[MILLISECOND]
    day = fixed_date(cal.value, cal.stamp, year, mask)
    wall = (day - _EPOCH) * 86_400_000 + time_of_day
    raw, dst = _wall_offsets(cal, wall, mask)
    millis = wall - raw - dst
    computed = _fields_at(cal, millis, mask)
    for f in stamped:
        if computed[f] != cal.value[f]:
            raise InvalidFields(f"{NAMES[f]} {cal.value[f]} does not exist on that date")
    return millis


def _ordinal(year: int, month: int, day: int) -> int:
    try:
        return date(year, month, day).toordinal()
    except ValueError:
        raise InvalidFields(f"year {year} is outside 1..9999") from None


def _from_ordinal(day: int) -> date:
    try:
        return date.fromordinal(day)
    except (ValueError, OverflowError):
        raise InvalidFields("date is outside years 1..9999") from None


def _local(ms: int) -> datetime:
    try:
        return _UTC_EPOCH + timedelta(milliseconds=ms)
    except OverflowError:
        raise InvalidFields("date is outside years 1..9999") from None


def _wall_offsets(cal: Builder, wall: int, mask: set[int]) -> tuple[int, int]:
    if ZONE_OFFSET in mask and DST_OFFSET in mask:
        return cal.value[ZONE_OFFSET], cal.value[DST_OFFSET]
    zone = cal.zone
    local = _local(wall)
    first = local.replace(tzinfo=zone.tzinfo, fold=0)
    second = local.replace(tzinfo=zone.tzinfo, fold=1)
    if local.year > _LAST_TABLE_YEAR:
        # Beyond the table Java reads the wall time as standard time, then asks the rule.
        raw = zone.split_ms(first)[0]
        at = (local - timedelta(milliseconds=raw)).replace(tzinfo=UTC).astimezone(zone.tzinfo)
        chosen = zone.split_ms(at)
    else:
        chosen = min(zone.split_ms(first), zone.split_ms(second), key=sum)
    raw, dst = chosen
    if ZONE_OFFSET in mask:
        raw = cal.value[ZONE_OFFSET]
    if DST_OFFSET in mask:
        dst = cal.value[DST_OFFSET]
    return raw, dst


def _fields_at(cal: Builder, millis: int, mask: set[int]) -> list[int]:
    utc = _local(millis)
    raw, dst = cal.zone.split_ms(utc.replace(tzinfo=UTC).astimezone(cal.zone.tzinfo))
    if ZONE_OFFSET in mask:
        raw = cal.value[ZONE_OFFSET]
    if DST_OFFSET in mask:
        dst = cal.value[DST_OFFSET]
    d = _local(millis + raw + dst)
    ordinal = d.toordinal()
    return [
        1,
        d.year,
        d.month - 1,
        fields.week_of_year(d),
        fields.week_of_month(d),
        d.day,
        fields.day_of_year(d),
        fields.day_of_week(ordinal),
        (d.day - 1) // 7 + 1,
        d.hour // 12,
        d.hour % 12,
        d.hour,
        d.minute,
        d.second,
        d.microsecond // 1000,
        raw,
        dst,
    ]
