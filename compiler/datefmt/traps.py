"""Valid patterns that almost certainly do not mean what their author meant."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import PatternError
from .pattern import MILLISECONDS, Field, tokenize

__all__ = ["KINDS", "Trap", "traps"]

#: Every ``Trap.kind`` this module reports.
KINDS = (
    "minute-as-month",
    "week-year",
    "twelve-hour-without-marker",
    "fraction-not-milliseconds",
    "day-of-year",
    "no-date-field",
    "literal-zone",
)
_DATE_LETTERS = frozenset("yYMLdD")


@dataclass(frozen=True)
class Trap:
    """A well-known pattern mistake: its ``kind``, where it is, and what goes wrong."""

    kind: str
    position: int
    message: str


def traps(pattern: str) -> list[Trap]:
    """The traps in ``pattern``, in pattern order; invalid patterns have none (see validate)."""
    if pattern == MILLISECONDS:
        return []
    try:
        tokens = tokenize(pattern)
    except PatternError:
        return []
    fields = [t for t in tokens if isinstance(t, Field)]
    letters = {f.letter for f in fields}
    found = [*_field_traps(fields, letters), *_literal_traps(pattern)]
    if not letters & _DATE_LETTERS:
        found.append(
            Trap(
                "no-date-field",
                0,
                "the pattern has no year, month or day field, "
                "so parsing puts every value on 1970-01-01",
            )
        )
    return sorted(found, key=lambda t: t.position)


def _field_traps(fields: list[Field], letters: set[str]) -> list[Trap]:
    found: list[Trap] = []
    first: dict[str, Field] = {}
    for f in fields:
        first.setdefault(f.letter, f)
    if "m" in first and not letters & {"M", "L"} and letters & {"y", "Y", "d"}:
        found.append(
            Trap(
                "minute-as-month",
                first["m"].position,
                "mm is minutes; MM is the month (yyyy-MM-dd), so this date "
                "shows the minute where the month belongs",
            )
        )
    if "Y" in first and "w" not in letters:
        found.append(
            Trap(
                "week-year",
                first["Y"].position,
                "Y is the week-based year, which differs from the calendar year "
                "y in the last days of December (2024-12-30 prints 2025)",
            )
        )
    for hour in ("h", "K"):
        if hour in first and "a" not in letters:
            found.append(
                Trap(
                    "twelve-hour-without-marker",
                    first[hour].position,
                    f"{hour} is a 12-hour clock but the pattern has no AM/PM "
                    "marker (a), so 09:00 and 21:00 look the same; use HH",
                )
            )
    found.extend(_fraction_trap(f) for f in fields if f.letter == "S" and f.count != 3)
    if "D" in first and letters & {"M", "L"}:
        found.append(
            Trap(
                "day-of-year",
                first["D"].position,
                "D is the day of the year (1-366); the day of the month is d",
            )
        )
    return found


def _fraction_trap(f: Field) -> Trap:
    if f.count < 3:
        why = (
            f"{'S' * f.count} counts milliseconds, not a fraction: 987 ms prints as 987 "
            "and '.5' parses as 5 ms; use SSS"
        )
    else:
        why = (
            f"{'S' * f.count} pads milliseconds to {f.count} digits (987 ms prints "
            "000987) and parses 123456 as 123456 ms, not microseconds; use SSS"
        )
    return Trap("fraction-not-milliseconds", f.position, why)


def _literal_traps(pattern: str) -> list[Trap]:
    """A quoted run holding ``Z``, reported at its opening quote."""
    found: list[Trap] = []
    opening = -1
    for i, c in enumerate(pattern):
        if c == "'":
            opening = i if opening < 0 else -1
        elif c == "Z" and opening >= 0 and (not found or found[-1].position != opening):
            found.append(
                Trap(
                    "literal-zone",
                    opening,
                    "the quoted 'Z' is literal text, not the zone: it is right only when "
                    "the zone is UTC; use X (or XXX) to print the real offset",
                )
            )
    return found
