"""Parse ``z`` and ``Z`` fields: ``GMT+hh:mm``, RFC 822 ``+hhmm``, or a zone name.

Zone names are looked up as Java does: first the formatter's zone, then the JVM default
zone (UTC, as the vector generator runs), then every row of Locale.US zone strings in
order. A matched name switches the parse to that zone, and a standard or daylight name
fixes the DST offset unless the zone uses one name for both.
"""

from __future__ import annotations

from functools import cache

from .calendar import Builder
from .field_ids import DST_OFFSET, ZONE_OFFSET
from .zones import resolve, zone_strings

__all__ = ["Failure", "numeric_zone", "parse_zone_name"]


class Failure(Exception):
    """Parsing stopped at ``index`` (Java's ParsePosition.errorIndex)."""

    def __init__(self, index: int, reason: str) -> None:
        super().__init__(reason)
        self.index = index
        self.reason = reason


def parse_zone_name(text: str, start: int, pos: int, b: Builder) -> int:
    """Parse a ``z``/``Z`` field whose first non-blank character is at ``pos``."""
    c = text[pos]
    sign = 1 if c == "+" else -1 if c == "-" else 0
    if sign == 0:
        if c in "Gg" and text[start : start + 3].upper() == "GMT":
            pos = start + 3
            if pos < len(text) and text[pos] in "+-":
                sign = 1 if text[pos] == "+" else -1
            if sign == 0:
                b.set(ZONE_OFFSET, 0)
                b.set(DST_OFFSET, 0)
                return pos
            end = numeric_zone(text, pos + 1, sign, 0, True, b)
        else:
            end = _zone_string(text, pos, b)
    else:
        end = numeric_zone(text, pos + 1, sign, 0, False, b)
    if end > 0:
        return end
    raise Failure(-end, "no time zone matches")


@cache
def _row_index() -> dict[str, int]:
    index: dict[str, int] = {}
    for i, row in enumerate(zone_strings()):
        index.setdefault(row[0], i)
    return index


@cache
def _lowered_rows() -> list[tuple[str, ...]]:
    return [tuple(name.lower() for name in row) for row in zone_strings()]


def _match_row(window: str, row: tuple[str, ...]) -> int:
    for i in range(1, 5):
        if window.startswith(row[i]):
            return i
    return 0


def _find_row(window: str, zone_id: str, lowered: list[tuple[str, ...]]) -> tuple[int, int] | None:
    """Java's search order: the formatter's zone, the default zone (UTC), then every row."""
    index = _row_index()
    for r in (index.get(zone_id), index.get("UTC")):
        if r is not None and (name_index := _match_row(window, lowered[r])):
            return r, name_index
    for r, row in enumerate(lowered):
        if name_index := _match_row(window, row):
            return r, name_index
    return None


def _zone_string(text: str, start: int, b: Builder) -> int:
    rows, lowered = zone_strings(), _lowered_rows()
    window = text[start : start + 64].lower()
    found = _find_row(window, b.zone.id, lowered)
    if found is None:
        return -start
    row, name_index = rows[found[0]], found[1]
    same_name = name_index <= 2 and row[name_index].lower() == row[name_index + 2].lower()
    zone = resolve(row[0])
    if zone.id != b.zone.id:
        b.zone = zone
    dst = zone.dst_savings_ms if name_index >= 3 else 0
    if not (same_name or (name_index >= 3 and dst == 0)):
        b.clear(ZONE_OFFSET)
        b.set(DST_OFFSET, dst)
    return start + len(row[name_index])


def numeric_zone(text: str, start: int, sign: int, count: int, colon: bool, b: Builder) -> int:
    """Parse ``hh[[:]mm]`` like Java: the end index, or minus the index of the bad char."""
    i, n = start, len(text)

    def digit(at: int) -> int | None:
        return ord(text[at]) - 48 if at < n and "0" <= text[at] <= "9" else None

    hours = digit(i)
    if hours is None:
        return -i
    second = digit(i + 1)
    if second is not None:
        hours, i = hours * 10 + second, i + 2
    elif count > 0 or not colon or i + 1 >= n:
        return -(i + 1)
    else:
        i += 1
    if hours > 23:
        return -(i - 1)
    minutes = 0
    if count != 1:
        if colon:
            if i >= n or text[i] != ":":
                return -i
            i += 1
        tens, ones = digit(i), digit(i + 1)
        if tens is None:
            return -i
        if ones is None:
            return -(i + 1)
        minutes, i = tens * 10 + ones, i + 2
        if minutes > 59:
            return -(i - 1)
    b.set(ZONE_OFFSET, sign * (hours * 60 + minutes) * 60_000)
    b.set(DST_OFFSET, 0)
    return i
