"""GitHub Actions workflow commands (``--format github``).

Each finding becomes ``::error file=F,line=L,col=C,title=CODE name::F:L:C: message``
(``warning`` and ``notice`` by severity), which GitHub shows as an annotation
on the pull request diff.

GitHub shows at most 10 annotations of each level per step (and 50 per job)
and silently drops the rest. So errors come first, every finding is still
printed (the log keeps them), and when a level overflows a ``::notice`` at
the very top says how many findings only the log holds. SARIF upload has no
such cap; the README shows both.

The runner interprets no escape of its own for control characters, so a
config's ``ESC`` would reach the log raw: every value is passed through
:func:`~.escape.printable` first, then escaped for the workflow command.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..findings import Finding, Severity
from .base import ReportContext, Summary, plural
from .escape import printable

__all__ = ["ANNOTATION_CAP", "escape_data", "escape_property", "render_github"]

#: annotations GitHub shows per level and step
ANNOTATION_CAP = 10

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message the way ``@actions/core`` does."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: as data, plus ``:`` and ``,`` (the separators)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(findings: Sequence[Finding], context: ReportContext) -> str:
    """Workflow commands, errors first, with a notice when GitHub would hide some."""
    ordered = sorted(findings, key=lambda finding: -finding.severity.rank)
    out = [_cap_notice(ordered)] if _overflow(ordered) else []
    out.extend(_command(finding) for finding in ordered)
    out.append(Summary.of(findings, context.files_checked).line())
    return "\n".join(out) + "\n"


def _command(finding: Finding) -> str:
    file = printable(finding.file)
    properties = ",".join(
        [
            f"file={escape_property(file)}",
            f"line={finding.line}",
            f"col={finding.column}",
            f"title={escape_property(printable(f'{finding.code} {finding.name}'))}",
        ]
    )
    message = f"{file}:{finding.line}:{finding.column}: {printable(finding.message)}"
    return f"::{_COMMAND[finding.severity]} {properties}::{escape_data(message)}"


def _overflow(findings: Sequence[Finding]) -> dict[Severity, int]:
    """Per level, how many findings GitHub will not show as annotations."""
    counts = dict.fromkeys(Severity, 0)
    for finding in findings:
        counts[finding.severity] += 1
    return {
        severity: count - ANNOTATION_CAP
        for severity, count in counts.items()
        if count > ANNOTATION_CAP
    }


def _cap_notice(findings: Sequence[Finding]) -> str:
    hidden = _overflow(findings)
    phrase = ", ".join(
        plural(count, _COMMAND[severity])
        for severity, count in sorted(hidden.items(), key=lambda item: -item[0].rank)
    )
    message = (
        f"GitHub shows only {ANNOTATION_CAP} annotations per level in a step: "
        f"{phrase} appear only in this log. Upload the SARIF report "
        "(--format sarif) to see every finding in code scanning."
    )
    title = escape_property("sage200cfg: annotations capped")
    return f"::notice title={title}::{escape_data(message)}"
