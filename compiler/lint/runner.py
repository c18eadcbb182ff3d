"""``sage200cfg lint`` as a function: options in, report and exit status out.

The CLI only fills :class:`~.options.LintOptions`; this module lints with the
settings and selection of :mod:`.selection`, applies fixes (:mod:`.rewrite`)
and renders the report. Exit
status: 0 no errors, 1 errors (or warnings with ``--warnings-as-errors``),
2 usage or configuration problems.
"""

from __future__ import annotations

import sys
from typing import TextIO

from ..load.documents import STDIN
from . import LintResult
from .options import LintOptions
from .selection import lint_with, settings_for
from .settings import LintSettings, SettingsError

__all__ = ["run"]


def _render(options: LintOptions, settings: LintSettings, result: LintResult, out: TextIO) -> None:
    from ..registry import all_docs
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
            from .rewrite import show_diff

            return show_diff(options, result, out, err)
        if options.fix:
            from .rewrite import apply_and_relint

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
