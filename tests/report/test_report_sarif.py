"""SARIF 2.1.0, validated against the official OASIS schema.

``sarif-schema-2.1.0.json`` beside this file is a verbatim copy of
``Documents/CommitteeSpecifications/2.1.0/sarif-schema-2.1.0.json`` from the
oasis-tcs/sarif-spec repository (112,318 characters, draft-07).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator, FormatChecker

from sage200cfg import __version__
from sage200cfg.codes import RuleDoc
from sage200cfg.findings import Finding, Severity
from sage200cfg.registry import all_docs
from sage200cfg.report import render_findings

SCHEMA = json.loads((Path(__file__).parent / "sarif-schema-2.1.0.json").read_text("utf-8"))
VALIDATOR = Draft7Validator(SCHEMA, format_checker=FormatChecker())
# RFC 3986 characters only (the schema's "uri-reference" format needs an
# optional package to be checked, so check it here).
URI_CHARS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")


def _docs() -> dict[str, RuleDoc]:
    """The real documentation the CLI will pass: rule docstrings plus built-in codes."""
    return all_docs()


def _sarif(findings: list[Finding], **kwargs: Any) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(render_findings(findings, "sarif", **kwargs))
    errors = sorted(VALIDATOR.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]
    for result in log["runs"][0]["results"]:
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert URI_CHARS.match(uri), uri
    return log


def test_schema_copy_is_the_official_one():
    Draft7Validator.check_schema(SCHEMA)
    assert SCHEMA["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    assert len(SCHEMA["definitions"]) == 52


def test_validator_rejects_a_broken_log():
    """The schema really constrains: a result without a message is invalid."""
    broken = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{}]}]}
    assert not VALIDATOR.is_valid(broken)


@pytest.mark.parametrize("with_docs", [False, True])
def test_log_is_valid_sarif(findings, with_docs):
    log = _sarif(findings, rule_docs=_docs() if with_docs else None)
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-schema-2.1.0.json")
    assert len(log["runs"]) == 1


def test_empty_run_is_valid():
    log = _sarif([])
    assert log["runs"][0]["results"] == []


def test_driver_and_rules_from_docs(findings):
    docs = _docs()
    driver = _sarif(findings, rule_docs=docs)["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("sage200cfg", __version__)
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert set(docs) <= set(rules)
    s002 = rules["S002"]
    assert s002["name"] == "duplicate-key"
    assert s002["shortDescription"] == {"text": docs["S002"].summary}
    assert s002["fullDescription"]["text"].startswith(docs["S002"].summary)
    assert "Why:" in s002["help"]["text"]
    assert s002["defaultConfiguration"] == {"level": "error"}
    assert rules["S901"]["defaultConfiguration"] == {"level": "warning"}


def test_codes_without_docs_still_get_a_rule(findings):
    rules = _sarif(findings)["runs"][0]["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == ["S002", "S201", "S232", "S240", "S260"]
    assert rules[3] == {
        "id": "S240",
        "name": "id-field-note",
        "shortDescription": {"text": "id-field-note"},
        "defaultConfiguration": {"level": "note"},
    }


def test_results_point_at_file_position_and_pointer(findings):
    run = _sarif(findings, rule_docs=_docs())["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    by_code = {result["ruleId"]: result for result in run["results"]}
    s201 = by_code["S201"]
    assert s201["level"] == "error"
    assert s201["message"] == {"text": findings[0].message}
    location = s201["locations"][0]
    assert location["physicalLocation"] == {
        "artifactLocation": {"uri": "configs/finance.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 6, "startColumn": 10},
    }
    pointer = "/event.poller.configuration/transactions/url"
    assert location["logicalLocations"] == [{"fullyQualifiedName": pointer}]
    assert s201["properties"] == {"pointer": pointer}
    assert [by_code[c]["level"] for c in ("S260", "S240")] == ["warning", "note"]


def test_parse_failures_have_no_logical_location():
    finding = Finding("bad file.json", 0, 0, "S001", "syntax-error", Severity.ERROR, "bad", "")
    result = _sarif([finding])["runs"][0]["results"][0]
    location = result["locations"][0]
    assert "logicalLocations" not in location
    assert location["physicalLocation"]["artifactLocation"]["uri"] == "bad%20file.json"
    assert location["physicalLocation"]["region"] == {"startLine": 1, "startColumn": 1}


def test_absolute_paths_become_file_uris(tmp_path):
    path = str(tmp_path / "my configs" / "a.yaml")
    finding = Finding(path, 1, 1, "S001", "syntax-error", Severity.ERROR, "bad", "")
    uri = _sarif([finding])["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert uri["artifactLocation"]["uri"] == "file://" + path.replace(" ", "%20")


def test_snapshot(findings, snapshot, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    log = _sarif(findings, base_dir=str(tmp_path))
    # The version moves with every release and the base with the machine;
    # the snapshot is about the shape.
    log["runs"][0]["tool"]["driver"]["version"] = "<version>"
    log["runs"][0]["tool"]["driver"].pop("informationUri", None)
    log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] = "file:///<base>/"
    assert json.dumps(log, indent=2) == snapshot
