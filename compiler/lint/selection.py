"""Lint as the command does: settings found and overridden, suppressions and selection
applied. ``compile`` lints through here too, so both see the same findings."""

from __future__ import annotations

from ..findings import Finding
from . import LintResult, lint_paths
from .options import LintOptions
from .settings import LintSettings, filter_findings, load_settings

__all__ = ["lint_with", "settings_for"]


def settings_for(options: LintOptions) -> LintSettings:
    """The nearest settings file (or ``--config``), overridden by the command line."""
    from ..registry import known_codes

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
    from .suppress import apply_suppressions

    sources = {doc.path: doc.text for doc in result.documents if doc.fmt == "yaml"}
    return apply_suppressions(findings, sources)


def lint_with(options: LintOptions, settings: LintSettings) -> LintResult:
    """Lint as ``sage200cfg lint`` does: globs, suppressions and selection applied."""
    result = lint_paths(options.paths, settings.is_path_selected, stdin_name=options.stdin_filename)
    found = list(result.findings)
    if options.transport == "sage200":
        from .native import native_findings

        found += native_findings(result.documents)
    findings = filter_findings(_suppressed(found, result), settings)
    return LintResult(findings, result.documents)
