"""``sage200cfg lint`` as a function: options in, report and exit status out.

The CLI only fills ``LintOptions``; this module loads the settings, lints,
applies suppressions, selection and fixes, and renders the report. Exit
status: 0 no errors, 1 errors (or warnings with ``--warnings-as-errors``),
2 usage or configuration problems.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TextIO

from ..findings import Finding
from ..loader import STDIN
from ..settings import LintSettings, SettingsError, filter_findings, load_settings
from . import LintResult, lint_paths

__all__ = ["LintOptions", "lint_with", "run", "settings_for"]


@dataclass(frozen=True)
class LintOptions:
    paths: Sequence[str] = (".",)
    fmt: str = "text"
    select: Sequence[str] | None = None
    ignore: Sequence[str] = ()
    include: Sequence[str] = ()
    exclude: Sequence[str] = ()
    warnings_as_errors: bool | None = None
    exit_zero: bool = False
    config: str | None = None
    fix: bool = False
    diff: bool = False
    unsafe_fixes: bool = False
    color: bool | None = None  # None: only on a terminal
    output: str | None = None
    stdin_filename: str | None = None
    base_dir: str | None = None  # SARIF URIs; None: the git root or the working directory


def settings_for(options: LintOptions) -> LintSettings:
    """The nearest settings file (or ``--config``), overridden by the command line."""
    from ..explain import known_codes

    known = known_codes()
    base = load_settings(".", config_file=options.config, known_codes=known)
    return base.with_cli(
        select=options.select,
        ignore=options.ignore,
        warnings_as_errors=options.warnings_as_errors,
        include=options.include or None,
        exclude=options.exclude,
        known_codes=known,
    )


def _suppressed(findings: list[Finding], result: LintResult) -> list[Finding]:
    from ..suppress import apply_suppressions

    sources = {doc.path: doc.text for doc in result.documents if doc.fmt == "yaml"}
    return apply_suppressions(findings, sources)


def lint_with(options: LintOptions, settings: LintSettings) -> LintResult:
    """Lint as ``sage200cfg lint`` does: globs, suppressions and selection applied."""
    result = lint_paths(options.paths, settings.is_path_selected, stdin_name=options.stdin_filename)
    findings = filter_findings(_suppressed(result.findings, result), settings)
    return LintResult(findings, result.documents)


def _render(options: LintOptions, settings: LintSettings, result: LintResult, out: TextIO) -> None:
    from ..explain import all_docs
    from ..report import render_findings

    color = out.isatty() if options.color is None else options.color
    sources = {d.path: d.text for d in result.documents} if color else None
    sarif = options.fmt == "sarif"
    text = render_findings(
        result.findings,
        options.fmt,
        sources=sources,
        color=color,
        rule_docs=all_docs() if sarif else None,
        checked_files=[d.path for d in result.documents],
        warnings_as_errors=settings.warnings_as_errors,
        base_dir=options.base_dir or "",
        data={d.path: d.data for d in result.documents} if sarif else None,
    )
    if options.output:
        from ..atomic import write_text

        write_text(options.output, text)
    else:
        out.write(text)


def run(options: LintOptions, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Lint, report, and return the exit status."""
    from ..report import REPORTERS, UnknownFormatError, exit_status

    out, err = out or sys.stdout, err or sys.stderr
    try:
        if options.fmt not in REPORTERS:
            raise UnknownFormatError(options.fmt)  # before any work, not after it
        if options.fix and STDIN in options.paths:
            err.write("error: --fix cannot rewrite stdin; use --diff to see the fixes\n")
            return 2
        settings = settings_for(options)
        result = lint_with(options, settings)
        if options.diff:
            from .fixing import show_diff

            return show_diff(options, result, out, err)
        if options.fix:
            from .fixing import apply_and_relint

            result = apply_and_relint(options, settings, result, out, err, lint_with)
        _render(options, settings, result, out)
    except (SettingsError, UnknownFormatError) as exc:
        err.write(f"error: {exc}\n")
        return 2
    except OSError as exc:  # --output or a --fix write could not be made
        err.write(f"error: cannot write {exc.filename}: {exc.strerror}\n")
        return 2
    if options.exit_zero:
        return 0
    return exit_status(result.findings, warnings_as_errors=settings.warnings_as_errors)
