"""The ``--format json`` document: exact keys, order, summary, optional fix."""

from __future__ import annotations

import datetime as dt
import json
import random

from sage200cfg.findings import Edit, Finding, Fix, Severity
from sage200cfg.report import render_findings

FINDING_KEYS = ["file", "line", "column", "pointer", "code", "name", "severity", "message"]


def test_document_shape(findings):
    text = render_findings(findings, "json", files_checked=4)
    document = json.loads(text)
    assert list(document) == ["version", "findings", "summary"]
    assert document["version"] == 1
    assert document["summary"] == {"files": 4, "errors": 2, "warnings": 2, "infos": 1}
    assert list(document["summary"]) == ["files", "errors", "warnings", "infos"]
    assert text.startswith('{\n  "version": 1,\n  "findings": [\n    {\n      "file": ')
    assert text.endswith("}\n")


def test_each_finding_has_the_documented_keys_in_order(findings):
    document = json.loads(render_findings(findings, "json"))
    for item in document["findings"]:
        expected = FINDING_KEYS + (["fix"] if item["code"] == "S201" else [])
        assert list(item) == expected
    first = document["findings"][0]
    assert first == {
        "file": "configs/dup.json",
        "line": 3,
        "column": 3,
        "pointer": "/name",
        "code": "S002",
        "name": "duplicate-key",
        "severity": "error",
        "message": "duplicate key `name`: the last one silently wins",
    }


def test_fix_is_present_only_when_a_rule_offers_one(findings):
    document = json.loads(render_findings(findings, "json"))
    fixes = {item["code"]: item.get("fix") for item in document["findings"]}
    assert fixes["S201"] == {
        "title": "rename the key to 'customers'",
        "safe": True,
        "edits": [{"pointer": "/x", "value": "customers"}],
    }
    assert fixes["S002"] is None and "fix" not in document["findings"][0]


def test_output_is_stable_whatever_the_input_order(findings):
    expected = render_findings(findings, "json", files_checked=4)
    shuffled = findings[:]
    random.Random(7).shuffle(shuffled)
    assert render_findings(shuffled, "json", files_checked=4) == expected


def test_summary_counts_files_with_findings_at_least():
    finding = Finding("a.json", 1, 1, "S001", "syntax-error", Severity.ERROR, "bad", "")
    document = json.loads(render_findings([finding], "json"))
    assert document["summary"]["files"] == 1
    assert document["findings"][0]["pointer"] == ""


def test_unicode_and_odd_fix_values_survive():
    fix = Fix("set the date", (Edit("/d", dt.date(2024, 1, 2)), Edit("/n", None)), safe=False)
    finding = Finding("ü.yaml", 1, 1, "S250", "n", Severity.WARNING, "naïve → aware", "/d", fix)
    text = render_findings([finding], "json")
    assert "naïve → aware" in text  # printed as UTF-8, not \u escapes
    item = json.loads(text)["findings"][0]
    assert item["fix"] == {
        "title": "set the date",
        "safe": False,
        "edits": [{"pointer": "/d", "value": "2024-01-02"}, {"pointer": "/n", "value": None}],
    }
