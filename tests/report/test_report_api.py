"""render_findings, REPORTERS and exit_status: what the lint command relies on."""

from __future__ import annotations

import pytest

from sage200cfg.findings import Finding, Severity
from sage200cfg.report import REPORTERS, UnknownFormatError, exit_status, render_findings


def _at(severity: Severity) -> Finding:
    return Finding("a.yaml", 1, 1, "S201", "n", severity, "m", "")


def test_every_documented_format_is_registered():
    assert list(REPORTERS) == ["text", "json", "github", "sarif", "junit"]


def test_unknown_format_is_a_clear_error(findings):
    with pytest.raises(UnknownFormatError) as caught:
        render_findings(findings, "xml")
    assert str(caught.value) == (
        "unknown report format 'xml'; choose one of: text, json, github, sarif, junit"
    )
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("fmt", list(REPORTERS))
def test_no_format_prints_a_source_secret(findings, sources, secret, fmt):
    out = render_findings(findings, fmt, files_checked=4, sources=sources, color=True)
    assert secret not in out


@pytest.mark.parametrize("fmt", list(REPORTERS))
def test_every_format_is_deterministic(findings, fmt):
    first = render_findings(findings, fmt, files_checked=4)
    assert render_findings(list(reversed(findings)), fmt, files_checked=4) == first


def test_files_checked_defaults_to_the_checked_files():
    out = render_findings([], "text", checked_files=["a.yaml", "b.json", "c.yml"])
    assert out == "All checks passed: 3 files.\n"


@pytest.mark.parametrize(
    ("severities", "strict", "status"),
    [
        ((), False, 0),
        ((), True, 0),
        ((Severity.INFO,), True, 0),
        ((Severity.WARNING,), False, 0),
        ((Severity.WARNING,), True, 1),
        ((Severity.ERROR,), False, 1),
        ((Severity.INFO, Severity.ERROR), False, 1),
    ],
)
def test_exit_status(severities, strict, status):
    findings = [_at(severity) for severity in severities]
    assert exit_status(findings, warnings_as_errors=strict) == status
