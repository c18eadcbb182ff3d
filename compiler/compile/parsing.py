"""What ``compile`` pre-parses, and how: a :class:`CompileProblem` per bad input, JSON
paths, numeric and boolean settings, and the memo every parser shares.

Each parser appends a problem and returns None (or the default) on bad input
instead of raising, so one bad resource never hides the others. Query tokens
live in :mod:`.query`, dates in :mod:`.dates`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

from ..plan.model import PathSegment
from ..pointer import join

__all__ = ["CompileProblem", "cached", "flag", "number", "parse_path", "relocate"]

_BRACKET = re.compile(r"""\[\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(\d+))\s*\]""")
_NAME = re.compile(r"[^.\[\]]+")
T = TypeVar("T")


@dataclass(frozen=True)
class CompileProblem:
    """A compile problem before it is located in its file."""

    pointer: str
    code: str
    message: str


def parse_path(
    text: Any, pointer: str, code: str, problems: list[CompileProblem]
) -> tuple[PathSegment, ...] | None:
    """``customer.id`` / ``['Modified Time']`` / ``lines[0].id`` -> segments."""
    segments = _segments(text.strip()) if isinstance(text, str) else None
    if not segments:
        problems.append(
            CompileProblem(
                pointer,
                code,
                f"{text!r} is not a JSON path such as id, customer.id or ['Modified Time']",
            )
        )
        return None
    return segments


@lru_cache(maxsize=16384)
def _segments(text: str) -> tuple[PathSegment, ...] | None:
    text = text[1:] if text.startswith("$") else text
    pos = 1 if text.startswith(".") and text[1:2] != "." else 0
    segments: list[PathSegment] = []
    while pos < len(text):
        if text[pos] == "[":
            match = _BRACKET.match(text, pos)
            if match is None:
                return None
            quoted = match[1] if match[1] is not None else match[2]
            segment: PathSegment = (
                re.sub(r"\\(.)", r"\1", quoted) if quoted is not None else int(match[3])
            )
        else:
            match = _NAME.match(text, pos)
            if match is None:
                return None
            segment = match[0]
        if segment == "":
            return None
        segments.append(segment)
        pos = match.end()
        if text.startswith(".", pos):
            pos += 1
            if pos == len(text):
                return None
        elif pos < len(text) and text[pos] != "[":
            return None
    return tuple(segments)


def cached(parse: Callable[..., T]) -> Callable[..., tuple[T, tuple[CompileProblem, ...]]]:
    """Memoize a parser on its (hashable) arguments, problems included.

    Config repos repeat the same urls, paths and date settings across hundreds
    of instances; each is parsed once. Cached problems carry pointers relative
    to the caller's, which ``relocate`` prefixes.
    """

    @lru_cache(maxsize=16384)
    def run(*args: Any) -> tuple[T, tuple[CompileProblem, ...]]:
        found: list[CompileProblem] = []
        return parse(*args, found), tuple(found)

    return run


def relocate(
    result: tuple[T, tuple[CompileProblem, ...]], pointer: str, problems: list[CompileProblem]
) -> T:
    value, found = result
    problems.extend(CompileProblem(pointer + p.pointer, p.code, p.message) for p in found)
    return value


def flag(
    block: Mapping[str, Any], name: str, default: bool, pointer: str, problems: list[CompileProblem]
) -> bool:
    """A boolean setting; Cloud Elements also accepts the strings "true"/"false"."""
    value = block.get(name, default)
    if isinstance(value, bool):
        return value
    parsed = {"true": True, "false": False}.get(str(value).strip().lower())
    if parsed is None:
        problems.append(
            CompileProblem(
                join(pointer, name), "S404", f"{name} must be true or false, not {value!r}"
            )
        )
        return default
    return parsed


def number(
    block: Mapping[str, Any],
    name: str,
    default: float,
    pointer: str,
    problems: list[CompileProblem],
    *,
    positive: bool = False,
    integer: bool = True,
) -> float:
    """A numeric setting; numeric strings count (CE examples write ``"15"``)."""
    value = block.get(name, default)
    parsed = _number(value)
    ok = parsed is not None and math.isfinite(parsed) and (parsed > 0 if positive else parsed >= 0)
    if parsed is None or not ok or (integer and not parsed.is_integer()):
        sign = "a positive" if positive else "a non-negative"
        kind = f"{sign} {'integer' if integer else 'number'}"
        problems.append(
            CompileProblem(join(pointer, name), "S404", f"{name} must be {kind}, not {value!r}")
        )
        return default
    return parsed


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).strip())
    except ValueError:
        return None
