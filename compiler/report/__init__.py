"""Reports: findings in, one string out, in the format ``--format`` names.

``render_findings`` normalises the paths (``./a/../b.json`` is ``b.json``),
sorts the findings (file, line, column, code) and hands them to the reporter
in ``REPORTERS``. Reporters print only what findings
carry (messages are already redacted by the rules); the text report's source
frame masks credential values itself. ``exit_status`` gives the CLI's status
for a set of findings: 0 no errors, 1 errors (or warnings under
``--warnings-as-errors``); status 2, usage or tool failure, is the CLI's own.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from ..findings import Finding, Severity
from .base import ReportContext, Reporter, Summary
from .github import render_github
from .jsondoc import render_json
from .junit import render_junit
from .paths import normalise
from .ruledoc import RuleDoc
from .sarif import render_sarif
from .text import render_text

__all__ = [
    "REPORTERS",
    "ReportContext",
    "ReportError",
    "Reporter",
    "RuleDoc",
    "Summary",
    "UnknownFormatError",
    "exit_status",
    "render_findings",
]

#: ``--format`` name -> reporter
REPORTERS: dict[str, Reporter] = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
    "sarif": render_sarif,
    "junit": render_junit,
}


class ReportError(Exception):
    """The report could not be produced."""


class UnknownFormatError(ReportError, ValueError):
    """Unknown report format."""

    def __init__(self, fmt: str) -> None:
        choices = ", ".join(REPORTERS)
        super().__init__(f"unknown report format {fmt!r}; choose one of: {choices}")
        self.fmt = fmt


def render_findings(
    findings: Sequence[Finding],
    fmt: str = "text",
    *,
    files_checked: int = 0,
    sources: Mapping[str, str] | None = None,
    color: bool = False,
    rule_docs: Mapping[str, RuleDoc] | None = None,
    checked_files: Sequence[str] = (),
    warnings_as_errors: bool = False,
    base_dir: str = "",
    data: Mapping[str, Any] | None = None,
) -> str:
    """Render ``findings`` as a ``fmt`` report (see ``REPORTERS``).

    ``sources`` (path -> text) turns on the text report's source frames;
    ``rule_docs`` feeds SARIF's rule metadata; ``checked_files`` lets JUnit
    list clean files (``files_checked`` defaults to its length). SARIF URIs
    are relative to ``base_dir`` (default: the git root, else the working
    directory), and its fingerprints hash the values ``data`` (path -> parsed
    document) holds at each finding's pointer.
    """
    reporter = REPORTERS.get(fmt)
    if reporter is None:
        raise UnknownFormatError(fmt)
    context = ReportContext(
        files_checked=files_checked or len(checked_files),
        checked_files=tuple(dict.fromkeys(normalise(path) for path in checked_files)),
        sources=_by_path(sources) if sources is not None else None,
        color=color,
        rule_docs=rule_docs or {},
        warnings_as_errors=warnings_as_errors,
        base_dir=base_dir,
        data=_by_path(data or {}),
    )
    paths = {path: normalise(path) for path in {finding.file for finding in findings}}
    normalised = [
        f if paths[f.file] == f.file else dataclasses.replace(f, file=paths[f.file])
        for f in findings
    ]
    return reporter(sorted(normalised), context)


def _by_path(mapping: Mapping[str, Any]) -> dict[str, Any]:
    return {normalise(path): value for path, value in mapping.items()}


def exit_status(findings: Sequence[Finding], *, warnings_as_errors: bool) -> int:
    """0 when nothing fails the run, 1 when an error (or a promoted warning) does."""
    failing = {Severity.ERROR, Severity.WARNING} if warnings_as_errors else {Severity.ERROR}
    return 1 if any(finding.severity in failing for finding in findings) else 0
