"""Rule documentation, read from the rule modules' docstrings.

A docstring is a one-line summary, then ``Why:``, ``Bad:``, ``Good:`` and an
optional ``Fix:`` section. ``sage200cfg rule CODE``, the SARIF reporter and
the tests all read it from here, so the docs cannot drift from the rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .findings import Severity

__all__ = ["RuleDoc", "parse_doc"]

_SECTION = re.compile(r"^(Why|Bad|Good|Fix):\s*$", re.M)
_FENCE = re.compile(r"```(?:json|yaml)?\n(.*?)```", re.S)


@dataclass(frozen=True)
class RuleDoc:
    code: str
    name: str
    severity: Severity
    summary: str
    why: str
    bad: str  # the example config text, without fences
    good: str
    fix: str
    text: str  # the whole docstring, for printing


def _sections(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    marks = list(_SECTION.finditer(text))
    for mark, nxt in zip(marks, [*marks[1:], None], strict=True):
        end = nxt.start() if nxt else len(text)
        found[mark.group(1).lower()] = text[mark.end() : end].strip()
    return found


def _example(section: str) -> str:
    match = _FENCE.search(section)
    return match.group(1) if match else ""


def parse_doc(code: str, name: str, severity: Severity, docstring: str | None) -> RuleDoc:
    """Split a rule docstring into its sections (missing ones are empty)."""
    text = (docstring or "").strip()
    summary = text.splitlines()[0].strip() if text else ""
    sections = _sections(text)
    return RuleDoc(
        code,
        name,
        severity,
        summary,
        sections.get("why", ""),
        _example(sections.get("bad", "")),
        _example(sections.get("good", "")),
        sections.get("fix", ""),
        text,
    )
