"""Compile pattern tokens into one Python function that formats an instant like Java.

Each field becomes an f-string expression over the local ``datetime`` ``d``, so a
compiled pattern costs one ``astimezone`` plus one f-string per call.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from . import fields, names
from .pattern import Field, Token
from .zones import Zone

__all__ = ["Formatter", "build_formatter", "offset_ms"]

Formatter = Callable[[datetime, Zone], str]

_SIMPLE = {
    "d": "d.day",
    "H": "d.hour",
    "m": "d.minute",
    "s": "d.second",
    "S": "d.microsecond // 1000",
    "u": "d.isoweekday()",
    "k": "(d.hour or 24)",
    "K": "d.hour % 12",
    "h": "(d.hour % 12 or 12)",
    "F": "(d.day - 1) // 7 + 1",
    "D": "_doy(d)",
    "w": "_woy(d)",
    "W": "_wom(d)",
}


def offset_ms(d: datetime) -> int:
    """The UTC offset of an aware datetime in milliseconds (Java's ZONE + DST offset)."""
    off = d.utcoffset()
    return 0 if off is None else (off.days * 86400 + off.seconds) * 1000


def _zone_name(d: datetime, zone: Zone, long: bool) -> str:
    daylight = bool(d.dst())
    return zone.names[2 * long + daylight]


def _rfc822(d: datetime) -> str:
    # Java truncates ms -> minutes toward zero, then prints sign and hhmm.
    ms = offset_ms(d)
    minutes = abs(ms) // 60000
    sign = "-" if ms < 0 and minutes else "+"
    return f"{sign}{minutes // 60:02d}{minutes % 60:02d}"


def _iso8601(d: datetime, count: int) -> str:
    ms = offset_ms(d)
    if ms == 0:
        return "Z"
    minutes = abs(ms) // 60000
    sign = "-" if ms < 0 else "+"
    if count == 1:
        return f"{sign}{minutes // 60:02d}"
    colon = ":" if count == 3 else ""
    return f"{sign}{minutes // 60:02d}{colon}{minutes % 60:02d}"


_NAMESPACE: dict[str, Any] = {
    "_doy": fields.day_of_year,
    "_woy": fields.week_of_year,
    "_wom": fields.week_of_month,
    "_wy": fields.week_year,
    "_LM": names.LONG_MONTHS,
    "_SM": names.SHORT_MONTHS,
    "_LW": names.LONG_WEEKDAYS,
    "_SW": names.SHORT_WEEKDAYS,
    "_AP": names.AMPM,
    "_zname": _zone_name,
    "_rfc": _rfc822,
    "_iso": _iso8601,
}


def _number(expr: str, count: int) -> str:
    return "{" + expr + (f":0{count}d" if count > 1 else "") + "}"


def _field(f: Field) -> str:
    c, n = f.letter, f.count
    if c in _SIMPLE:
        return _number(_SIMPLE[c], n)
    if c in "yY":
        year = "d.year" if c == "y" else "_wy(d)"
        return _number(f"{year} % 100", 2) if n == 2 else _number(year, n)
    if c in "ML":
        if n >= 3:
            return "{" + ("_LM" if n >= 4 else "_SM") + "[d.month - 1]}"
        return _number("d.month", n)
    if c == "E":
        return "{" + ("_LW" if n >= 4 else "_SW") + "[d.isoweekday() % 7]}"
    if c == "a":
        return "{_AP[d.hour // 12]}"
    if c == "G":
        return "AD"  # datetime cannot hold years before 1 AD
    if c == "z":
        return "{_zname(d, zone, " + str(n >= 4) + ")}"
    if c == "Z":
        return "{_rfc(d)}"
    return "{_iso(d, " + str(n) + ")}"  # X


def build_formatter(tokens: list[Token]) -> Formatter:
    """One function ``(instant, zone) -> str`` for the tokens of a valid pattern."""
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
        "def _format(instant, zone):\n"
        "    d = instant.astimezone(zone.tzinfo)\n"
        f"    return f{''.join(parts)!r}\n"
    )
    exec(compile(source, "<datefmt>", "exec"), namespace)  # noqa: S102 - built from tokens only
    formatter: Formatter = namespace["_format"]
    return formatter
