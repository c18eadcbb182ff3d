"""JUnit XML: a suite per file, failures for errors, clean files as passing tests."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from sage200cfg.findings import Finding, Severity
from sage200cfg.report import render_findings


def _xml(*args, **kwargs) -> ET.Element:
    text = render_findings(*args, "junit", **kwargs)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')
    return ET.fromstring(text)


def test_report(findings, snapshot):
    checked = ["configs/clean.yaml", "configs/dup.json", "configs/finance.yaml"]
    assert render_findings(findings, "junit", checked_files=checked) == snapshot


def test_suites_per_file_with_totals(findings):
    root = _xml(findings, checked_files=["configs/clean.yaml", "configs/finance.yaml"])
    suites = {suite.get("name"): suite for suite in root}
    assert list(suites) == ["configs/clean.yaml", "configs/dup.json", "configs/finance.yaml"]
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("6", "2", "0")
    finance = suites["configs/finance.yaml"]
    assert (finance.get("tests"), finance.get("failures")) == ("4", "1")
    names = [case.get("name") for case in finance]
    assert names == [
        "S260 plain-text-secret (3:19)",
        "S201 url-resource-mismatch (6:10)",
        "S232 where-strict-comparison (6:57)",
        "S240 id-field-note (7:2)",
    ]


def test_errors_fail_and_warnings_pass_with_output(findings):
    finance = {suite.get("name"): suite for suite in _xml(findings)}["configs/finance.yaml"]
    cases = {case.get("name").split()[0]: case for case in finance}
    failure = cases["S201"].find("failure")
    assert failure is not None
    assert failure.get("type") == "S201"
    assert failure.get("message") == findings[0].message
    assert failure.text == (
        "configs/finance.yaml:6:10: S201 [error] "
        + findings[0].message
        + "\npointer: /event.poller.configuration/transactions/url"
    )
    assert cases["S260"].find("failure") is None
    assert "[warning]" in cases["S260"].findtext("system-out")


def test_warnings_as_errors_fail_warnings_too(findings):
    root = _xml(findings, warnings_as_errors=True)
    assert root.get("failures") == "4"  # 2 errors + 2 warnings; the info still passes


def test_clean_files_are_passing_testcases():
    root = _xml([], checked_files=["a.yaml", "b.json"])
    assert [suite.get("name") for suite in root] == ["a.yaml", "b.json"]
    assert [case.get("name") for case in root.iter("testcase")] == ["sage200cfg lint"] * 2
    assert (root.get("tests"), root.get("failures")) == ("2", "0")


def test_unnamed_clean_files_are_counted(findings):
    root = _xml(findings[:1], files_checked=5)
    last = list(root)[-1]
    assert last.get("name") == "sage200cfg"
    assert last.find("testcase").get("name") == "4 clean files"


def test_markup_and_control_characters_cannot_break_the_xml():
    message = 'bad <tag> & "quotes" \x00\x1b[31m end'
    finding = Finding("a&b.yaml", 1, 1, "S201", "n", Severity.ERROR, message, "/a")
    root = _xml([finding])
    failure = next(root.iter("failure"))
    # XML 1.0 cannot hold NUL or ESC even as references: they are shown, as in the text report.
    assert failure.get("message") == 'bad <tag> & "quotes" \\x00\\x1b[31m end'
    assert next(iter(root)).get("name") == "a&b.yaml"
