"""Every finding code in one shape: :class:`RuleDoc`.

Lint rules document themselves in their module docstrings (a one-line
summary, then ``Why:``, ``Bad:``, ``Good:`` and an optional ``Fix:``),
read with :func:`parse_doc`. The codes of the other stages (loading, schema,
generation, compile, suppressions) are declared with :func:`describe` in each
stage's ``codes`` module. ``registry`` puts them side by side for
``sage200cfg rules``, ``rule CODE``, settings and the reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .findings import Severity

__all__ = ["RuleDoc", "describe", "parse_doc", "table"]

_SECTION = re.compile(r"^(Why|Bad|Good|Fix):\s*$", re.M)
_FENCE = re.compile(r"```(?:json|yaml)?\n(.*?)```", re.S)


@dataclass(frozen=True)
class RuleDoc:
    """What a code means: its name, default severity and documentation."""

    code: str
    name: str
    severity: Severity
    summary: str
    why: str
    bad: str  # the example config text, without fences
    good: str
    fix: str
    text: str  # the whole docstring, for printing
    strict: bool = False  # its warnings lose events: errors under `lint --strict`


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


def describe(
    code: str, name: str, summary: str, why: str, severity: Severity = Severity.ERROR
) -> RuleDoc:
    """A code that is not a rule module: a summary and why it matters."""
    return RuleDoc(code, name, severity, summary, why, "", "", "", f"{summary}\n\nWhy:\n{why}")


def table(*docs: RuleDoc) -> dict[str, RuleDoc]:
    """Code -> documentation, refusing a code declared twice."""
    out: dict[str, RuleDoc] = {}
    for doc in docs:
        if doc.code in out:
            raise ValueError(f"code {doc.code} is declared twice")
        out[doc.code] = doc
    return out
