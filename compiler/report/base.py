"""What every reporter receives, and the counts they all print.

A reporter is a plain function ``(findings, context) -> str``: findings in,
the whole report out. Reporters print only what the findings say (rules
redact secrets before a message exists) plus positions, codes and counts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..findings import Finding, Severity
from .ruledoc import RuleDoc

__all__ = ["ReportContext", "Reporter", "Summary", "plural"]


@dataclass(frozen=True)
class ReportContext:
    """Everything a report may need besides the findings themselves."""

    #: how many files were linted (clean ones included)
    files_checked: int = 0
    #: the paths of the linted files, when known (JUnit lists clean ones)
    checked_files: tuple[str, ...] = ()
    #: path -> file text; the text report then shows a source frame
    sources: Mapping[str, str] | None = None
    color: bool = False
    rule_docs: Mapping[str, RuleDoc] = field(default_factory=dict)
    #: the run fails on warnings too (JUnit then marks them as failures)
    warnings_as_errors: bool = False
    #: SARIF URIs are relative to this folder ("": the git root or the working directory)
    base_dir: str = ""
    #: path -> parsed document; SARIF fingerprints hash the value a finding points at
    data: Mapping[str, Any] = field(default_factory=dict)


class Reporter(Protocol):
    """Render sorted findings as one report string."""

    def __call__(self, findings: Sequence[Finding], context: ReportContext, /) -> str: ...


@dataclass(frozen=True)
class Summary:
    """Counts shared by every format's summary."""

    files: int
    errors: int
    warnings: int
    infos: int
    files_with_findings: int

    @classmethod
    def of(cls, findings: Sequence[Finding], files_checked: int) -> Summary:
        by_severity = dict.fromkeys(Severity, 0)
        for finding in findings:
            by_severity[finding.severity] += 1
        with_findings = len({finding.file for finding in findings})
        return cls(
            # A count smaller than the files that have findings is a caller's
            # slip; never print "Found 3 errors in 2 files (1 checked)".
            files=max(files_checked, with_findings),
            errors=by_severity[Severity.ERROR],
            warnings=by_severity[Severity.WARNING],
            infos=by_severity[Severity.INFO],
            files_with_findings=with_findings,
        )

    def counts_phrase(self) -> str:
        """``"3 errors, 1 warning"``: the non-zero counts, in severity order."""
        parts = [
            plural(self.errors, "error"),
            plural(self.warnings, "warning"),
            plural(self.infos, "info"),
        ]
        counts = (self.errors, self.warnings, self.infos)
        return ", ".join(part for part, count in zip(parts, counts, strict=True) if count)

    def line(self) -> str:
        """The closing line of the human-readable formats."""
        if not self.files_with_findings:
            if not self.files:
                return "All checks passed."
            return f"All checks passed: {plural(self.files, 'file')}."
        where = plural(self.files_with_findings, "file")
        return f"Found {self.counts_phrase()} in {where} ({self.files} checked)."


def plural(count: int, noun: str) -> str:
    """``plural(1, "file") == "1 file"``, ``plural(2, "file") == "2 files"``."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
