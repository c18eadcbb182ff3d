"""Java's ``Calendar`` field numbers, plus the two pseudo-fields SimpleDateFormat adds."""

from __future__ import annotations

__all__ = [
    "AM_PM", "DAY_OF_MONTH", "DAY_OF_WEEK", "DAY_OF_WEEK_IN_MONTH", "DAY_OF_YEAR",
    "DST_OFFSET", "ERA", "HOUR", "HOUR_OF_DAY", "ISO_DAY_OF_WEEK", "MILLISECOND", "MINUTE",
    "MONTH", "NAMES", "SECOND", "WEEK_OF_MONTH", "WEEK_OF_YEAR", "WEEK_YEAR", "YEAR",
    "ZONE_OFFSET",
]  # fmt: skip

# fmt: off
(ERA, YEAR, MONTH, WEEK_OF_YEAR, WEEK_OF_MONTH, DAY_OF_MONTH, DAY_OF_YEAR, DAY_OF_WEEK,
 DAY_OF_WEEK_IN_MONTH, AM_PM, HOUR, HOUR_OF_DAY, MINUTE, SECOND, MILLISECOND, ZONE_OFFSET,
 DST_OFFSET) = range(17)
WEEK_YEAR = 17  #: ``Y``: CalendarBuilder.WEEK_YEAR
ISO_DAY_OF_WEEK = 18  #: ``u``: stored as DAY_OF_WEEK once converted

#: What a message calls each field.
NAMES = ("era", "year", "month", "week of year", "week of month", "day of month",
         "day of year", "day of week", "day of week in month", "AM/PM", "hour",
         "hour of day", "minute", "second", "millisecond", "zone offset", "DST offset")
# fmt: on
