"""JUnit XML (``--format junit``), for CI systems that show test reports.

One ``<testsuite>`` per linted file. Each finding is a ``<testcase>`` named
after its code, rule name and position; errors (and warnings under
``--warnings-as-errors``) carry a ``<failure>``, which GitLab and Jenkins show
as a failed test. Other warnings and infos pass, with the finding in
``<system-out>`` so they stay visible without failing the report. A clean
file is one passing testcase, so the report also says what was checked.

The document is valid against Jenkins' ``junit-10.xsd`` (the schema pytest
checks its own reports with): the location lives in ``classname`` (the file),
the test name (line and column) and the failure text, as in pytest's default
``xunit2`` family, because the schema has no ``file`` or ``line`` attribute.
Every element carries ``time``, which Codecov's parser requires; lint does not
time single findings, so it is ``0.000``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..findings import Finding, Severity
from .base import ReportContext, plural
from .escape import xml_controls

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

__all__ = ["render_junit"]

_CLEAN_CASE = "sage200cfg lint"
_TIME = "0.000"


def render_junit(findings: Sequence[Finding], context: ReportContext) -> str:
    """A ``<testsuites>`` document (UTF-8, indented, with an XML declaration)."""
    import xml.etree.ElementTree as ET

    root = ET.Element("testsuites", name="sage200cfg")
    by_file: dict[str, list[Finding]] = {}
    for finding in findings:
        by_file.setdefault(finding.file, []).append(finding)
    clean = [file for file in context.checked_files if file not in by_file]
    for file in sorted({*by_file, *clean}):
        _suite(root, file, by_file.get(file, []), context.warnings_as_errors)
    unnamed_clean = context.files_checked - len(by_file) - len(clean)
    if not context.checked_files and unnamed_clean > 0:
        suite = _add_suite(root, "sage200cfg", tests=1, failures=0)
        name = plural(unnamed_clean, "clean file")
        _sub(suite, "testcase", classname="sage200cfg", name=name, time=_TIME)
    _count(root)
    ET.indent(root, space="  ")
    # ElementTree writes a carriage return in text raw, which parsers read back
    # as a newline, and writes controls XML cannot hold; escape both afterwards.
    document = xml_controls(ET.tostring(root, "unicode"))
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + document + "\n"


def _suite(root: Element, file: str, findings: list[Finding], strict: bool) -> None:
    failing = [finding for finding in findings if _fails(finding, strict)]
    suite = _add_suite(root, file, tests=max(len(findings), 1), failures=len(failing))
    if not findings:
        _sub(suite, "testcase", classname=file, name=_CLEAN_CASE, time=_TIME)
    for finding in findings:
        case = _sub(
            suite,
            "testcase",
            classname=file,
            name=f"{finding.code} {finding.name} ({finding.line}:{finding.column})",
            time=_TIME,
        )
        if _fails(finding, strict):
            failure = _sub(case, "failure", type=finding.code, message=finding.message)
            failure.text = _details(finding)
        else:
            _sub(case, "system-out").text = _details(finding)


def _fails(finding: Finding, strict: bool) -> bool:
    return finding.severity is Severity.ERROR or (strict and finding.severity is Severity.WARNING)


def _details(finding: Finding) -> str:
    where = f"{finding.file}:{finding.line}:{finding.column}"
    text = f"{where}: {finding.code} [{finding.severity.value}] {finding.message}"
    if finding.pointer:
        text += f"\npointer: {finding.pointer}"
    return text


def _add_suite(root: Element, name: str, *, tests: int, failures: int) -> Element:
    return _sub(
        root,
        "testsuite",
        name=name,
        tests=str(tests),
        failures=str(failures),
        errors="0",
        skipped="0",
        time=_TIME,
    )


def _sub(parent: Element, tag: str, **attributes: str) -> Element:
    import xml.etree.ElementTree as ET

    return ET.SubElement(parent, tag, attributes)


def _count(root: Element) -> None:
    """Totals on ``<testsuites>``, summed from the suites (the schema allows no ``skipped``)."""
    for key in ("tests", "failures", "errors"):
        root.set(key, str(sum(int(suite.get(key, "0")) for suite in root)))
    root.set("time", _TIME)
