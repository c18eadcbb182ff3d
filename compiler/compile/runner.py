"""``sage200cfg compile`` and ``render`` as functions: lint, compile, write the plan.

The CLI parses options and prints; everything else, including what counts as
"nothing to compile", lives here where tests can call it. Exit statuses:
0 plan written, 1 findings blocked it, 2 usage error (:class:`CompileSetupError`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from ..atomic import write_text
from ..findings import Finding, Severity
from ..lint.options import LintOptions
from ..plan.model import Plan, dump
from .pipeline import compile_documents

__all__ = [
    "CompileSetupError",
    "Outcome",
    "blocked_message",
    "compile_paths",
    "findings_text",
    "lint_and_compile",
    "timestamp_now",
    "write_plan",
]


class CompileSetupError(Exception):
    """Nothing can be compiled: bad settings, no configs, an unwritable output (exit 2)."""


@dataclass(frozen=True)
class Outcome:
    """Lint, then compile: ``plan`` is None when something blocks it."""

    plan: Plan | None
    findings: tuple[Finding, ...]  # lint and compile findings, sorted
    sources: dict[str, str]
    files: int
    stage: str  # "lint" or "compile": the stage that blocked, or "compile" when done
    strict: bool = False  # --strict, or warnings-as-errors in the settings file


def _blocks(findings: Iterable[Finding], strict: bool) -> bool:
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    return any(f.severity in failing for f in findings)


def lint_and_compile(
    paths: Sequence[str],
    strict: bool = False,
    timestamp: str | None = None,
    lint: LintOptions | None = None,
) -> Outcome:
    """What ``sage200cfg compile`` does: lint errors (or warnings under ``strict``) block.

    Lint runs as ``sage200cfg lint`` runs it, with the same settings file and
    suppressions, and ``lint``'s ``select``/``ignore``/``config`` when given;
    raises ``SettingsError`` when those settings are invalid.
    """
    from ..lint.selection import lint_with, settings_for
    from ..lint.settings import filter_findings

    asked = lint or LintOptions()
    # Lint as on the hub: compile_documents makes the native checks itself, and
    # lint's own (lint/native.py) would compile every document a second time.
    options = replace(asked, paths=paths, transport="hub")
    settings = settings_for(options)
    linted = lint_with(options, settings)
    strict = strict or settings.warnings_as_errors
    sources = {d.path: d.text for d in linted.documents}
    files = len(linted.documents)
    lint_findings = tuple(linted.findings)
    if _blocks(lint_findings, strict):
        return Outcome(None, lint_findings, sources, files, "lint", strict)
    result = compile_documents(linted.documents, timestamp, asked.transport)
    # Settings may silence compile warnings; an error always shows, since it drops an instance.
    shown = [
        *result.errors,
        *filter_findings(
            [f for f in result.findings if f.severity is not Severity.ERROR], settings
        ),
    ]
    findings = tuple(sorted((*lint_findings, *shown)))
    plan = None if _blocks(shown, strict) else result.plan
    return Outcome(plan, findings, sources, files, "compile", strict)


def compile_paths(
    paths: Sequence[str],
    strict: bool = False,
    timestamp: str | None = None,
    lint: LintOptions | None = None,
) -> Outcome:
    """:func:`lint_and_compile`, refusing bad settings and an empty set of configs."""
    from ..lint.settings import SettingsError

    try:
        transport = lint.transport if lint is not None else "hub"
        if transport not in ("hub", "sage200"):
            raise CompileSetupError(f"--transport {transport!r}: use hub or sage200")
        outcome = lint_and_compile(paths, strict, timestamp, lint)
    except SettingsError as exc:
        raise CompileSetupError(str(exc)) from None
    if outcome.files == 0:
        raise CompileSetupError("no config files found in " + " ".join(paths))
    return outcome


def findings_text(outcome: Outcome, fmt: str = "text") -> str:
    """The findings as ``lint --format fmt`` prints them.

    Text and GitHub print nothing when there is nothing to say; the documents
    (json, sarif, junit) always print, so a CI step always has its report.
    """
    from ..registry import all_docs
    from ..report import render_findings

    if not outcome.findings and fmt in ("text", "github"):
        return ""
    return render_findings(
        outcome.findings,
        fmt,
        checked_files=list(outcome.sources),
        warnings_as_errors=outcome.strict,
        rule_docs=all_docs() if fmt == "sarif" else None,
    )


def blocked_message(outcome: Outcome) -> str | None:
    """Why nothing was compiled, or None when a plan was."""
    if outcome.plan is not None:
        return None
    what = "errors (or warnings, with --strict)" if outcome.strict else "errors"
    return f"error: not compiled: {outcome.stage} reported {what}; fix them and run again"


def timestamp_now() -> str:
    """``compile --timestamp``: now, to the second, in UTC."""
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def write_plan(plan: Plan, output: str) -> str:
    """Write the plan atomically; returns its hash. CompileSetupError names the file."""
    text, digest = dump(plan)
    try:
        write_text(output, text)
    except OSError as exc:
        raise CompileSetupError(f"cannot write {output}: {exc.strerror}") from None
    return digest
