"""A regex fast path for the patterns configs actually use (``yyyy-MM-dd'T'HH:mm:ss.SSSXXX``).

It covers plain numeric fields (``y`` of 3+ letters, ``M``/``MM``, ``d H m s S``) and
numeric offsets (``X``, ``Z``), each at most once. Possessive quantifiers reproduce Java's
greedy, never-backtracking digit runs. Whenever the text strays from the easy case (blanks,
signs, zone names, a DST gap or overlap, an out-of-range value) the fast path returns None
and the exact field-by-field parser decides, so it never changes a result, only its speed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from .pattern import Field, Token
from .zones import Zone

__all__ = ["FastParser", "build_fast_parser"]

FastParser = Callable[[str, Zone, bool], datetime | None]

_SLOTS = {"y": 0, "M": 1, "d": 2, "H": 3, "m": 4, "s": 5, "S": 6}
_DEFAULTS = (1970, 1, 1, 0, 0, 0, 0)
_ZONE_RE = {
    1: r"(Z|[+-][0-9]{2})",
    2: r"(Z|[+-][0-9]{4})",
    3: r"(Z|[+-][0-9]{2}:[0-9]{2})",
}
_MAX_OFFSET = {"+": 14 * 60, "-": 13 * 60}  # Java's ZONE_OFFSET range, in minutes
_DAYS = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _field_regex(f: Field, next_is_number: bool) -> str | None:
    if f.letter in "X":
        return _ZONE_RE[f.count]
    if f.letter == "Z":
        return r"([+-][0-9]{4})"
    if (
        f.letter not in _SLOTS
        or (f.letter == "y" and f.count <= 2)
        or (f.letter == "M" and f.count > 2)
    ):
        return None
    return f"([0-9]{{1,{f.count}}}+)" if next_is_number else "([0-9]++)"


def build_fast_parser(tokens: list[Token]) -> FastParser | None:
    """A fast parser for ``tokens``, or None when the pattern needs the general parser."""
    parts: list[str] = []
    slots: list[int] = []
    for i, token in enumerate(tokens):
        if not isinstance(token, Field):
            parts.append(re.escape(token.text))
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        regex = _field_regex(token, isinstance(nxt, Field))
        slot = 7 if token.letter in "XZ" else _SLOTS.get(token.letter, -1)
        if regex is None or slot in slots:
            return None
        parts.append(regex)
        slots.append(slot)
    if not slots:
        return None
    return _make(re.compile("".join(parts)), tuple(slots))


@lru_cache(maxsize=256)
def _offset(text: str) -> timedelta | None:
    """The offset an ``X``/``Z`` text names, or None if Java would reject it."""
    if text == "Z":
        return timedelta(0)
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or "0")
    total = hours * 60 + minutes
    if hours > 23 or minutes > 59 or total > _MAX_OFFSET[text[0]]:
        return None
    return timedelta(minutes=-total if text[0] == "-" else total)


def _local_to_utc(local: datetime, zone: Zone) -> datetime | None:
    first = local.replace(tzinfo=zone.tzinfo)
    off = first.utcoffset()
    if off != local.replace(tzinfo=zone.tzinfo, fold=1).utcoffset():
        return None  # DST gap or overlap: the general parser applies Java's rule
    return (local - off if off else local).replace(tzinfo=UTC)


def _make(regex: re.Pattern[str], slots: tuple[int, ...]) -> FastParser:
    # Generated so each group lands in its variable without a loop or a list.
    names = ("year", "month", "day", "hour", "minute", "second", "milli", "zone_text")
    groups = ", ".join(names[s] for s in slots) + ("," if len(slots) == 1 else "")
    defaults = "".join(f"    {names[i]} = {_DEFAULTS[i]}\n" for i in range(7) if i not in slots)
    ints = "".join(f"    {names[i]} = int({names[i]})\n" for i in range(7) if i in slots)
    if 7 in slots:
        finish = (
            "    off = _offset(zone_text)\n"
            "    if off is None:\n        return None\n"
            "    return (local - off).replace(tzinfo=_UTC)\n"
        )
    else:
        finish = "    return _local_to_utc(local, zone)\n"
    source = (
        "def parse(text, zone, strict):\n"
        "    m = _fullmatch(text) if strict else _match(text)\n"
        "    if m is None:\n        return None\n"
        f"    {groups} = m.groups()\n{defaults}{ints}"
        "    if not (1 <= month <= 12 and 1 <= day <= _DAYS[month] and hour < 24\n"
        "            and minute < 60 and second < 60 and milli < 1000 and 1 <= year <= 9999):\n"
        "        return None\n"
        "    try:\n"
        "        local = _datetime(year, month, day, hour, minute, second, milli * 1000)\n"
        "    except ValueError:  # February 29 of a common year\n"
        "        return None\n"
        f"{finish}"
    )
    namespace: dict[str, Any] = {
        "_fullmatch": regex.fullmatch, "_match": regex.match, "_offset": _offset,
        "_DAYS": _DAYS, "_datetime": datetime, "_UTC": UTC, "_local_to_utc": _local_to_utc,
    }  # fmt: skip
    exec(compile(source, "<datefmt-parse>", "exec"), namespace)  # noqa: S102 - from tokens only
    parse: FastParser = namespace["parse"]
    return parse
