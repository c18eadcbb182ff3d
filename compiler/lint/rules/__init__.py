"""The rule registry: an explicit list, no discovery magic (yamllint style).

Each rule is a module with ``CODE``, ``NAME``, ``SEVERITY``, a docstring that
is its documentation, and ``check(ctx) -> Iterator[Violation]``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from ...findings import Severity
from ..context import LintContext, Violation
from . import (
    s201_url_resource_mismatch,
)

__all__ = ["RULES", "Rule", "get"]


class Rule(Protocol):
    CODE: str
    NAME: str
    SEVERITY: Severity
    __doc__: str | None

    def check(self, ctx: LintContext) -> Iterator[Violation]: ...


_MODULES: tuple[Rule, ...] = (s201_url_resource_mismatch,)

RULES: dict[str, Rule] = {rule.CODE: rule for rule in _MODULES}


def get(code: str) -> Rule:
    """The rule with ``code``; ``KeyError`` names the unknown code."""
    try:
        return RULES[code.upper()]
    except KeyError:
        raise KeyError(f"unknown rule {code!r}") from None
