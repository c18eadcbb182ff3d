"""``lint --fix`` and ``lint --diff``: apply the findings' fixes, keeping every other byte.

``--diff`` shows what ``--fix`` would change and writes nothing (exit 1 when
there is something to fix, as ruff does). ``--fix`` writes each file
atomically, re-lints until no more fixes apply (a skipped, conflicting fix
gets its turn against the new text), and reports what remains.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from ..atomic import write_text
from ..edit.fixes import FixOutcome, apply_fixes, unified_diff
from . import LintResult
from .options import LintOptions

if TYPE_CHECKING:
    from .settings import LintSettings

__all__ = ["apply_and_relint", "show_diff"]

MAX_PASSES = 4
Relint = Callable[["LintOptions", "LintSettings"], LintResult]


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"


def _outcomes(result: LintResult, unsafe: bool) -> dict[str, tuple[str, FixOutcome]]:
    by_file: dict[str, tuple[str, FixOutcome]] = {}
    for doc in result.documents:
        mine = [f for f in result.findings if f.file == doc.path and f.fix is not None]
        if doc.ok and mine:
            outcome = apply_fixes(doc.text, doc.fmt, mine, unsafe=unsafe)
            if outcome.changed:
                by_file[doc.path] = (doc.text, outcome)
    return by_file


def show_diff(options: LintOptions, result: LintResult, out: TextIO, err: TextIO) -> int:
    """Print the fixes as a unified diff (secrets masked); 1 when there is something to fix."""
    outcomes = _outcomes(result, options.unsafe_fixes)
    for path, (old, outcome) in sorted(outcomes.items()):
        out.write(unified_diff(path, old, outcome.text))
    count = sum(len(outcome.applied) for _, outcome in outcomes.values())
    files = len(outcomes)
    err.write(
        f"Would fix {count} finding{'s' * (count != 1)} in {files} file{'s' * (files != 1)}.\n"
    )
    return 1 if count else 0


def apply_and_relint(
    options: LintOptions,
    settings: LintSettings,
    result: LintResult,
    out: TextIO,
    err: TextIO,
    relint: Relint,
) -> LintResult:
    """Apply fixes until none applies; return the findings that remain."""
    fixed = 0
    for _ in range(MAX_PASSES):
        outcomes = _outcomes(result, options.unsafe_fixes)
        if not outcomes:
            break
        for path, (_, outcome) in outcomes.items():
            write_text(path, outcome.text)
            fixed += len(outcome.applied)
        result = relint(options, settings)
    remaining = len(result.findings)
    err.write(f"Fixed {_plural(fixed, 'finding')} ({remaining} remaining).\n")
    return result
