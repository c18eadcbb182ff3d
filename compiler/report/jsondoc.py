"""The ``--format json`` document: a stable, versioned shape for scripts.

::

    {"version": 1,
     "findings": [{"file", "line", "column", "pointer", "code", "name",
                   "severity", "message", "fix"?}],
     "summary": {"files", "errors", "warnings", "infos"}}

Keys always come in this order; ``fix`` is present only when a rule offers
one: ``{"title", "safe", "edits": [{"pointer", "value"}]}``. Bump
``JSON_VERSION`` on any incompatible change. Values are exact; control
characters are ``\\u`` escapes, so the file is safe to print.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..findings import Finding, Fix
from .base import ReportContext, Summary
from .escape import json_controls

__all__ = ["JSON_VERSION", "finding_to_dict", "render_json"]

JSON_VERSION = 1


def render_json(findings: Sequence[Finding], context: ReportContext) -> str:
    """The whole report as one JSON document (2-space indent, UTF-8 text)."""
    summary = Summary.of(findings, context.files_checked)
    document = {
        "version": JSON_VERSION,
        "findings": [finding_to_dict(finding) for finding in findings],
        "summary": {
            "files": summary.files,
            "errors": summary.errors,
            "warnings": summary.warnings,
            "infos": summary.infos,
        },
    }
    # default=str: a fix value a rule built from a non-JSON type (a date,
    # say) still prints instead of aborting the whole report.
    return json_controls(json.dumps(document, indent=2, ensure_ascii=False, default=str)) + "\n"


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    """One finding in the documented key order."""
    data: dict[str, Any] = {
        "file": finding.file,
        "line": finding.line,
        "column": finding.column,
        "pointer": finding.pointer,
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.value,
        "message": finding.message,
    }
    if finding.fix is not None:
        data["fix"] = _fix_to_dict(finding.fix)
    return data


def _fix_to_dict(fix: Fix) -> dict[str, Any]:
    return {
        "title": fix.title,
        "safe": fix.safe,
        "edits": [{"pointer": edit.pointer, "value": edit.value} for edit in fix.edits],
    }
