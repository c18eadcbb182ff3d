"""Java time-zone IDs, resolved the way ``java.util.TimeZone.getTimeZone`` resolves them.

The ID table, the legacy three-letter aliases and the ``z``/``zzzz`` display names come
from Java 17 itself (``schemas/java-zones.json``, written by ``tests/vectors/GenVectors.java``).
Rules come from Python's ``zoneinfo`` (system data or the ``tzdata`` package); the two
tz databases agree for current dates but may differ in a few zones' history.
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import cache, lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..resources import load_schema
from .legacy import ambiguity

__all__ = ["Zone", "ambiguity", "is_known", "known_ids", "resolve", "suggest"]

_CUSTOM = re.compile(r"GMT([+-])([0-9:]*)\Z")
_FIXED = re.compile(r"([+-])(\d\d):(\d\d)\Z")
# Java-only SystemV IDs with DST, mapped to the tz zone with the same rules.
_SYSTEMV_DST = {
    "SystemV/AST4ADT": "America/Halifax",
    "SystemV/CST6CDT": "CST6CDT",
    "SystemV/EST5EDT": "EST5EDT",
    "SystemV/MST7MDT": "MST7MDT",
    "SystemV/PST8PDT": "PST8PDT",
    "SystemV/YST9YDT": "America/Anchorage",
}


@dataclass(frozen=True)
class Zone:
    """A zone as Java uses it: its normalized ``id``, rules and display names."""

    id: str
    tzinfo: tzinfo = field(repr=False, compare=False)
    #: ``z`` standard, ``z`` daylight, ``zzzz`` standard, ``zzzz`` daylight.
    names: tuple[str, str, str, str] = field(repr=False, compare=False)
    raw_offset_ms: int = field(default=0, compare=False)
    dst_savings_ms: int = field(default=0, compare=False)
    #: Java's standard-offset history: from ``std_starts[i]`` (epoch seconds) the
    #: standard offset is ``std_offsets[i]`` seconds; the first entry also covers earlier.
    std_starts: tuple[int, ...] = field(default=(0,), repr=False, compare=False)
    std_offsets: tuple[int, ...] = field(default=(0,), repr=False, compare=False)

    def __str__(self) -> str:
        return self.id

    def split_ms(self, d: datetime) -> tuple[int, int]:
        """Java's (ZONE_OFFSET, DST_OFFSET) in ms at the aware datetime ``d``.

        Java calls it daylight time whenever the offset differs from the standard
        offset, which is not what ``zoneinfo``'s ``dst()`` says for zones like
        Europe/Dublin, whose tz source writes winter as negative DST.
        """
        off = d.utcoffset()
        total = 0 if off is None else (off.days * 86400 + off.seconds) * 1000
        starts = self.std_starts
        if len(starts) == 1:
            raw = self.std_offsets[0] * 1000
        else:
            index = bisect_right(starts, d.timestamp()) - 1
            raw = self.std_offsets[max(index, 0)] * 1000
        return raw, total - raw


@cache
def _table() -> dict[str, Any]:
    return load_schema("java-zones.json")


def known_ids() -> list[str]:
    """Every ID in ``TimeZone.getAvailableIDs()`` (custom ``GMT+hh:mm`` IDs aside)."""
    return list(_table()["ids"])


def zone_strings() -> list[list[str]]:
    """Java's ``DateFormatSymbols.getZoneStrings()`` rows: id, long/short std, long/short dst."""
    rows: list[list[str]] = _table()["zone_strings"]
    return rows


def is_known(zone_id: str) -> bool:
    """True when Java resolves ``zone_id`` to itself rather than silently to GMT."""
    return zone_id in _table()["ids"] or _custom_offset(zone_id) is not None


@lru_cache(maxsize=1024)
def resolve(zone_id: str) -> Zone:
    """The zone Java would use for ``zone_id``; unknown IDs fall back to GMT, as in Java."""
    entry = _table()["ids"].get(zone_id)
    if entry is not None:
        target, raw, dst, short_std, short_dst, long_std, long_dst, standard = entry
        names = (short_std, short_dst, long_std, long_dst)
        starts, offsets = zip(*standard, strict=True)
        tz = _rules(zone_id, target, raw)
        return Zone(zone_id, tz, names, raw, dst, tuple(starts), tuple(offsets))
    offset = _custom_offset(zone_id)
    if offset is None:
        return resolve("GMT")
    sign = "-" if offset < 0 or zone_id.startswith("GMT-") and offset == 0 else "+"
    minutes = abs(offset) // 60000
    custom = f"GMT{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    tz = timezone(timedelta(milliseconds=offset)) if offset else UTC
    return Zone(custom, tz, (custom,) * 4, offset, 0, (0,), (offset // 1000,))


def suggest(zone_id: str) -> list[str]:
    """Known IDs the user probably meant: a case-insensitive match first, then close ones.

    A known ID (including a custom ``GMT+hh:mm``) needs no suggestion: the list is empty.
    """
    if is_known(zone_id):
        return []
    ids = known_ids()
    lowered = {i.lower(): i for i in ids}
    exact = lowered.get(zone_id.strip().lower())
    if exact is not None and exact != zone_id:
        return [exact]
    close = difflib.get_close_matches(zone_id.lower(), list(lowered), n=3, cutoff=0.6)
    return [lowered[c] for c in close if lowered[c] != zone_id]


def _custom_offset(zone_id: str) -> int | None:
    """Offset in ms of a ``GMT+h``, ``GMT+hh:mm`` or ``GMT+hhmm`` ID, following Java's parser."""
    m = _CUSTOM.match(zone_id)
    if m is None or len(zone_id) < 5:
        return None
    sign, body = m.groups()
    if body.count(":") > 1:
        return None
    if ":" in body:
        hh, mm = body.split(":")
        if len(hh) > 2 or len(mm) != 2:
            return None
        hours, minutes = int(hh or "0"), int(mm)
    elif len(body) <= 2:
        hours, minutes = int(body), 0
    else:
        hours, minutes = divmod(int(body), 100)
    if hours > 23 or minutes > 59:
        return None
    offset = (hours * 60 + minutes) * 60000
    return -offset if sign == "-" else offset


def _rules(zone_id: str, target: str, raw_offset_ms: int) -> tzinfo:
    fixed = _FIXED.match(target)
    if fixed is not None:
        sign, hh, mm = fixed.groups()
        minutes = int(hh) * 60 + int(mm)
        return timezone(timedelta(minutes=-minutes if sign == "-" else minutes))
    try:
        return ZoneInfo(_SYSTEMV_DST.get(zone_id, target))
    except (ZoneInfoNotFoundError, ValueError):
        # Java-only IDs without DST (SystemV/EST5 and friends) are a fixed raw offset.
        return timezone(timedelta(milliseconds=raw_offset_ms))
