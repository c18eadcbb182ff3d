"""Parse text field by field exactly as Java's ``SimpleDateFormat.subParse`` does.

Numbers follow DecimalFormat's integer parsing (optional ``-``, any Unicode digits,
leading spaces and tabs skipped); a numeric field directly followed by another numeric
field takes exactly its pattern width (``yyyyMMdd``). Text fields match case-insensitively
and keep the longest name. Failures carry Java's error index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from . import names
from .calendar import Builder
from .field_ids import (
    AM_PM,
    DAY_OF_MONTH,
    DAY_OF_WEEK,
    DAY_OF_WEEK_IN_MONTH,
    DAY_OF_YEAR,
    DST_OFFSET,
    ERA,
    HOUR,
    HOUR_OF_DAY,
    ISO_DAY_OF_WEEK,
    MILLISECOND,
    MINUTE,
    MONTH,
    SECOND,
    WEEK_OF_MONTH,
    WEEK_OF_YEAR,
    WEEK_YEAR,
    YEAR,
    ZONE_OFFSET,
)
from .pattern import Field, Token
from .zonetext import Failure, numeric_zone, parse_zone_name

__all__ = ["Failure", "ParseState", "Step", "parse_fields", "plan"]

_NUMERIC_FIELD = {
    "d": DAY_OF_MONTH,
    "H": HOUR_OF_DAY,
    "m": MINUTE,
    "s": SECOND,
    "S": MILLISECOND,
    "D": DAY_OF_YEAR,
    "F": DAY_OF_WEEK_IN_MONTH,
    "w": WEEK_OF_YEAR,
    "W": WEEK_OF_MONTH,
    "K": HOUR,
    "u": ISO_DAY_OF_WEEK,
}
_INTEGER = re.compile(r"-?\d+")
_OBEY = frozenset("yYdkHmsSDFwWhKu")
_MONTHS = (names.LONG_MONTHS, names.SHORT_MONTHS)
_WEEKDAYS = (names.LONG_WEEKDAYS, names.SHORT_WEEKDAYS)


@dataclass
class ParseState:
    """What one parse accumulates besides the calendar fields."""

    builder: Builder
    century_start_year: int
    ambiguous_year: bool = field(default=False)


Step = tuple[str | None, Field | None, bool]


def plan(tokens: list[Token]) -> list[Step]:
    """Per token: its literal text, or its field and whether the field keeps to its width.

    A numeric field followed directly by another numeric field (``yyyyMMdd``) may only
    take as many characters as it has letters; Java decides this per pattern, so once.
    """
    steps: list[Step] = []
    for i, token in enumerate(tokens):
        if not isinstance(token, Field):
            steps.append((token.text, None, False))
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        obey = isinstance(nxt, Field) and (
            nxt.letter in _OBEY or (nxt.letter in "ML" and nxt.count <= 2)
        )
        steps.append((None, token, obey))
    return steps


def parse_fields(steps: list[Step], text: str, state: ParseState) -> int:
    """Match every step against ``text``; return the index just past the match."""
    pos = 0
    for literal, f, obey in steps:
        if literal is not None:
            if not text.startswith(literal, pos):
                raise Failure(_mismatch(text, pos, literal), f"expected {literal!r}")
            pos += len(literal)
        elif f is not None:
            pos = _sub_parse(text, pos, f, obey, state)
    return pos


def _mismatch(text: str, pos: int, literal: str) -> int:
    for offset, ch in enumerate(literal):
        if pos + offset >= len(text) or text[pos + offset] != ch:
            return pos + offset
    return pos + len(literal)


def _sub_parse(text: str, start: int, f: Field, obey: bool, state: ParseState) -> int:
    pos = start
    while True:
        if pos >= len(text):
            raise Failure(start, f"text ended before {f.letter * f.count}")
        if text[pos] not in " \t":
            break
        pos += 1
    letter, b = f.letter, state.builder
    if letter in "GEa" or (letter in "ML" and f.count > 2):
        return _text_field(text, start, pos, f, b)
    if letter in "zZ":
        return parse_zone_name(text, start, pos, b)
    if letter == "X":
        return _iso_zone(text, pos, f.count, b)
    value, end = _number(text, pos, start + f.count if obey else len(text), f)
    if letter in "yY":
        if f.count <= 2 and end - pos == 2 and text[pos].isdigit() and text[pos + 1].isdigit():
            value = _two_digit_year(value, state)
        b.set(YEAR if letter == "y" else WEEK_YEAR, value)
    elif letter in "ML":
        b.set(MONTH, value - 1)
    elif letter in "kh":
        top = 24 if letter == "k" else 12
        if not 1 <= value <= top:
            raise Failure(end, f"{letter * f.count} must be 1..{top}")
        b.set(HOUR_OF_DAY if letter == "k" else HOUR, 0 if value == top else value)
    else:
        b.set(_NUMERIC_FIELD[letter], value)
    return end


def _number(text: str, pos: int, limit: int, f: Field) -> tuple[int, int]:
    if limit > len(text):
        raise Failure(pos, f"text ended inside {f.letter * f.count}")
    # DecimalFormat: an optional minus, then any Unicode decimal digits (int() reads them).
    match = _INTEGER.match(text, pos, limit)
    if match is None:
        raise Failure(pos, f"expected a number for {f.letter * f.count}")
    return _to_int32(int(match.group())), match.end()


def _to_int32(value: int) -> int:
    # DecimalFormat gives a Long when it fits (intValue() wraps), else a Double (saturates).
    if -(2**63) <= value < 2**63:
        return (value + 2**31) % 2**32 - 2**31
    return max(-(2**31), min(2**31 - 1, value))


def _two_digit_year(value: int, state: ParseState) -> int:
    pivot = state.century_start_year % 100
    state.ambiguous_year = value == pivot
    return value + (state.century_start_year // 100) * 100 + (100 if value < pivot else 0)


def _text_field(text: str, start: int, pos: int, f: Field, b: Builder) -> int:
    letter = f.letter
    tables: tuple[tuple[tuple[str, ...], ...], ...]
    if letter == "G":
        tables, target = ((names.ERAS,),), ERA
    elif letter == "a":
        tables, target = ((names.AMPM,),), AM_PM
    elif letter == "E":
        tables, target = (_WEEKDAYS[0:1], _WEEKDAYS[1:2]), DAY_OF_WEEK
    elif letter == "M":
        tables, target = (_MONTHS[0:1], _MONTHS[1:2]), MONTH
    else:  # L: one map of every form, longest wins
        tables, target = (_MONTHS,), MONTH
    for group in tables:
        best = _longest(text, start, group)
        if best is not None:
            index, length = best
            b.set(target, index + 1 if target == DAY_OF_WEEK else index)
            return start + length
    raise Failure(pos, f"no {f.letter * f.count} name matches")


def _longest(text: str, start: int, group: tuple[tuple[str, ...], ...]) -> tuple[int, int] | None:
    """Java's matchString: the longest name equal, ignoring case, to the text at ``start``."""
    window = text[start : start + 9].lower()  # no Locale.US name is longer than September
    best: tuple[int, int] | None = None
    for names_ in group:
        for index, name in enumerate(_lowered(names_)):
            if (best is None or len(name) > best[1]) and window.startswith(name):
                best = (index, len(name))
    return best


@cache
def _lowered(names_: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(n.lower() for n in names_)


def _iso_zone(text: str, pos: int, count: int, b: Builder) -> int:
    c = text[pos]
    if c == "Z":
        b.set(ZONE_OFFSET, 0)
        b.set(DST_OFFSET, 0)
        return pos + 1
    if c not in "+-":
        raise Failure(pos + 1, "expected Z, + or - for X")
    end = numeric_zone(text, pos + 1, -1 if c == "-" else 1, count, count == 3, b)
    if end <= 0:
        raise Failure(-end, "malformed ISO 8601 offset")
    return end
