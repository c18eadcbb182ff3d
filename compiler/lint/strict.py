"""``lint --strict`` (or ``strict = true``): the warnings that lose events fail CI.

Some warnings are certain to lose events in production once the config runs:
`>` instead of `>=` drops records changed in the poll's second, one field for
created and updated makes every change look like a creation, a placeholder
without the UTC marker shifts the window by the server's offset. They stay
warnings by default because the config does run; strict mode makes them
errors. A rule opts in with ``LOSES_EVENTS = True`` in its module, next to the
docstring that says why.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import cache

from ..findings import Finding, Severity
from .rules import RULES

__all__ = ["strict_codes", "strict_findings"]


@cache
def strict_codes() -> frozenset[str]:
    """The codes whose warnings are errors in strict mode."""
    return frozenset(code for code, rule in RULES.items() if getattr(rule, "LOSES_EVENTS", False))


def strict_findings(findings: Iterable[Finding]) -> list[Finding]:
    """``findings`` with the warnings of the event-losing rules raised to errors."""
    codes = strict_codes()
    return [
        replace(f, severity=Severity.ERROR)
        if f.code in codes and f.severity is Severity.WARNING
        else f
        for f in findings
    ]
