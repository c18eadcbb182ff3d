"""``datesConfiguration`` -> :class:`DateExtraction`, with the date engine's verdict."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from ..plan.model import DateExtraction
from .parsing import CompileProblem, cached, parse_path, relocate

__all__ = ["date_extraction", "java_zone", "pattern_problem"]

_OFFSET = re.compile(r"[+-]\d{1,2}(?::?\d\d)?")


def java_zone(zone: str | None) -> str | None:
    """Cloud Elements documents bare offsets (``-6:00``, ``+6:00``) as zones; Java
    reads those only as custom IDs (``GMT-6:00``), and would otherwise use GMT."""
    return f"GMT{zone}" if zone and _OFFSET.fullmatch(zone) else zone


@lru_cache(maxsize=4096)
def pattern_problem(pattern: str) -> str | None:
    """Why the date engine cannot use ``pattern``, or None."""
    from ..datefmt import validate

    if not pattern:
        return "the date format is empty"
    problems = validate(pattern)
    return None if not problems else f"{problems[0].message} (format {pattern!r})"


def date_extraction(
    dates: Mapping[str, Any],
    which: str,
    pointer: str,
    problems: list[CompileProblem],
    required: bool,
) -> DateExtraction | None:
    """``datesConfiguration.<which>Date{Field,Format,Timezone}`` -> extraction."""
    field, fmt = dates.get(f"{which}DateField"), dates.get(f"{which}DateFormat")
    zone = dates.get(f"{which}DateTimezone") or "UTC"
    if not field and not required:
        return None
    args = (field, fmt, zone, which)
    try:
        return relocate(_dates(*args), pointer, problems)
    except TypeError:  # an unhashable (schema-invalid) value: parse without the cache
        return _parse_dates(*args, problems)


def _parse_dates(
    field: Any, fmt: Any, zone: Any, which: str, problems: list[CompileProblem]
) -> DateExtraction | None:
    pointer = ""
    if not field or not fmt or not isinstance(fmt, str) or not isinstance(zone, str):
        why = (
            "filterByUpdatedDate is false, so the runtime compares created dates"
            if which == "created"
            else "the runtime filters and dedupes on it"
        )
        problems.append(
            CompileProblem(
                pointer,
                "S403",
                f"datesConfiguration needs {which}DateField and {which}DateFormat: {why}",
            )
        )
        return None
    path = parse_path(field, f"{pointer}/{which}DateField", "S403", problems)
    if path is None:
        return None
    zone = java_zone(zone) or "UTC"
    if fmt == "milliseconds":
        return DateExtraction(str(field), path, "milliseconds", None, zone)
    problem = pattern_problem(fmt)
    if problem:
        problems.append(CompileProblem(f"{pointer}/{which}DateFormat", "S403", problem))
        return None
    return DateExtraction(str(field), path, "pattern", fmt, zone)


_dates = cached(_parse_dates)
