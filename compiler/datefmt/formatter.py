"""Compile pattern tokens into one Python function that formats an instant like Java.

Each field becomes an f-string expression over the local ``datetime`` ``d``, so a
compiled pattern costs one ``astimezone`` plus one f-string per call.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from . import fields, names
from .pattern import Field, Token
from .zones import Zone, resolve

__all__ = ["Formatter", "build_formatter", "offset_ms"]

Formatter = Callable[[datetime, str], str]

# Field expressions over the local datetime ``d``, with the largest value each can take.
_SIMPLE = {
    "d": ("d.day", 31), "H": ("d.hour", 23), "m": ("d.minute", 59), "s": ("d.second", 59),
    "S": ("d.microsecond // 1000", 999), "u": ("d.isoweekday()", 7),
    "k": ("(d.hour or 24)", 24), "K": ("d.hour % 12", 11), "h": ("(d.hour % 12 or 12)", 12),
    "F": ("(d.day - 1) // 7 + 1", 5), "D": ("_doy(d)", 366), "w": ("_woy(d)", 53),
    "W": ("_wom(d)", 6),
}  # fmt: skip
# Zero-padded numbers by value: a tuple index beats a format spec in the hot loop.
_PADDED = {2: tuple(f"{i:02d}" for i in range(100)), 3: tuple(f"{i:03d}" for i in range(1000))}


def offset_ms(d: datetime) -> int:
    """The UTC offset of an aware datetime in milliseconds (Java's ZONE + DST offset)."""
    off = d.utcoffset()
    return 0 if off is None else (off.days * 86400 + off.seconds) * 1000


def _naive() -> str:
    raise ValueError("instant must be a timezone-aware datetime")


def _overflow(instant: datetime, zone: Zone) -> str:
    raise ValueError(f"{instant.isoformat()} is outside years 1..9999 in {zone.id}")


def _zone_name(d: datetime, zone: Zone, long: bool) -> str:
    daylight = zone.split_ms(d)[1] != 0
    return zone.names[2 * long + daylight]


@lru_cache(maxsize=1024)
def _offset_text(off: timedelta | None, letter: str, count: int) -> str:
    """``Z`` (RFC 822) or ``X``/``XX``/``XXX`` (ISO 8601) text for one UTC offset."""
    ms = 0 if off is None else (off.days * 86400 + off.seconds) * 1000
    minutes = abs(ms) // 60000  # Java truncates ms -> minutes toward zero
    hh, mm = f"{minutes // 60:02d}", f"{minutes % 60:02d}"
    if letter == "Z":
        return f"{'-' if ms < 0 and minutes else '+'}{hh}{mm}"
    if ms == 0:
        return "Z"
    sign = "-" if ms < 0 else "+"
    return sign + hh + ("" if count == 1 else ":" + mm if count == 3 else mm)


_NAMESPACE: dict[str, Any] = {
    "_doy": fields.day_of_year, "_woy": fields.week_of_year, "_wom": fields.week_of_month,
    "_wy": fields.week_year, "_LM": names.LONG_MONTHS, "_SM": names.SHORT_MONTHS,
    "_LW": names.LONG_WEEKDAYS, "_SW": names.SHORT_WEEKDAYS, "_AP": names.AMPM,
    "_zname": _zone_name, "_off": _offset_text, "_P2": _PADDED[2], "_P3": _PADDED[3],
    "_resolve": resolve, "_naive": _naive, "_overflow": _overflow,
}  # fmt: skip


def _number(expr: str, count: int, largest: int = 10**9) -> str:
    if count in _PADDED and largest < 10**count:
        return "{_P" + str(count) + "[" + expr + "]}"
    return "{" + expr + (f":0{count}d" if count > 1 else "") + "}"


def _field(f: Field) -> str:
    c, n = f.letter, f.count
    if c in _SIMPLE:
        return _number(*_SIMPLE[c][:1], n, _SIMPLE[c][1])
    if c in "yY":
        year = "d.year" if c == "y" else "_wy(d)"
        return _number(f"{year} % 100", 2, 99) if n == 2 else _number(year, n)
    if c in "ML":
        if n >= 3:
            return "{" + ("_LM" if n >= 4 else "_SM") + "[d.month - 1]}"
        return _number("d.month", n, 12)
    if c == "E":
        return "{" + ("_LW" if n >= 4 else "_SW") + "[d.isoweekday() % 7]}"
    if c == "a":
        return "{_AP[d.hour // 12]}"
    if c == "G":
        return "AD"  # datetime cannot hold years before 1 AD
    if c == "z":
        return "{_zname(d, zone, " + str(n >= 4) + ")}"
    return "{_off(d.utcoffset(), " + repr(c) + ", " + str(n) + ")}"  # Z or X


def build_formatter(tokens: list[Token]) -> Formatter:
    """One function ``(instant, zone_id) -> str`` for the tokens of a valid pattern."""
    namespace = dict(_NAMESPACE)
    parts: list[str] = []
    for token in tokens:
        if isinstance(token, Field):
            parts.append(_field(token))
        else:
            name = f"_L{len(parts)}"
            namespace[name] = token.text
            parts.append("{" + name + "}")
    source = (
        "def _format(instant, tz):\n"
        "    if instant.tzinfo is None:\n"
        "        _naive()\n"
        "    zone = _resolve(tz)\n"
        "    try:\n"
        "        d = instant.astimezone(zone.tzinfo)\n"
        "    except OverflowError:\n"
        "        _overflow(instant, zone)\n"
        f"    return f{''.join(parts)!r}\n"
    )
    exec(compile(source, "<datefmt>", "exec"), namespace)  # noqa: S102 - built from tokens only
    formatter: Formatter = namespace["_format"]
    return formatter
