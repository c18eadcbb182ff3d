"""Check a date pattern without raising: every problem Java would reject, plus strftime."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import PatternError
from .pattern import MILLISECONDS, tokenize

__all__ = ["STRFTIME_MESSAGE", "Problem", "validate"]

STRFTIME_MESSAGE = "looks like a strftime pattern; SimpleDateFormat uses yyyy-MM-dd"
# A '%' before a letter outside quotes is almost certainly a Python/C strftime pattern.
_STRFTIME = re.compile(r"%[-_0#^]?[A-Za-z]")


@dataclass(frozen=True, order=True)
class Problem:
    """Why a pattern is invalid, at a 0-based ``position`` in the pattern."""

    position: int
    message: str


def validate(pattern: str) -> list[Problem]:
    """Return the problems that make ``pattern`` unusable; an empty list means valid."""
    if pattern == MILLISECONDS:
        return []
    strftime = _strftime_position(pattern)
    if strftime is not None:
        return [Problem(strftime, STRFTIME_MESSAGE)]
    errors: list[PatternError] = []
    tokenize(pattern, errors)
    return [Problem(e.position, _explain(e)) for e in errors]


def _strftime_position(pattern: str) -> int | None:
    unquoted = _unquoted_mask(pattern)
    for match in _STRFTIME.finditer(pattern):
        if unquoted[match.start()]:
            return match.start()
    return None


def _unquoted_mask(pattern: str) -> list[bool]:
    mask, quoted = [], False
    for c in pattern:
        if c == "'":
            quoted = not quoted
        mask.append(not quoted and c != "'")
    return mask


def _explain(error: PatternError) -> str:
    message = error.message
    if message.startswith("Illegal pattern character"):
        letter = message[-2]
        return f"illegal pattern letter '{letter}'; quote literal text, e.g. '{letter}'"
    if message == "Unterminated quote":
        return "unterminated quote; write '' for a literal quote"
    return message
