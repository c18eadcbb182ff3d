"""Findings: what every check in sage200cfg reports, as frozen values.

A finding is a value, never an exception: a file that fails to parse yields a
finding with pointer ``""`` and the real line, so one bad file never hides the
others. Findings sort by file, line, column and code for stable output.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

__all__ = ["Edit", "Finding", "Fix", "Severity"]


class Severity(enum.Enum):
    """How sure a rule is that the config is broken."""

    ERROR = "error"  #: certainly broken; CI must fail
    WARNING = "warning"  #: probably wrong, or a known trap
    INFO = "info"  #: worth knowing, never fails a run

    @property
    def rank(self) -> int:
        return {"error": 2, "warning": 1, "info": 0}[self.value]


@dataclass(frozen=True, order=True)
class Edit:
    """Replace the JSON value at ``pointer`` with ``value`` (pointer is RFC 6901)."""

    pointer: str
    value: object = field(compare=False)


@dataclass(frozen=True)
class Fix:
    """A proposed repair: a title a human reads, and the edits that make it."""

    title: str
    edits: tuple[Edit, ...]
    safe: bool = True


@dataclass(frozen=True, order=True)
class Finding:
    """One problem at one place in one file (line and column are 1-based)."""

    file: str
    line: int
    column: int
    code: str
    name: str = field(compare=False)
    severity: Severity = field(compare=False)
    message: str = field(compare=False)
    pointer: str = field(default="", compare=False)
    fix: Fix | None = field(default=None, compare=False)
