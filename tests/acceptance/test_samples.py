"""The bundled samples behave as the README promises (check-jsonschema style).

``samples/valid`` lints with no finding at all; every ``samples/invalid/SNNN-*``
file reports ``SNNN``; the seed example reports its copy error and the date
fields Sage 200 does not have.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from sage200cfg.findings import Severity
from sage200cfg.lint import lint_data, lint_paths
from sage200cfg.lint.options import LintOptions
from sage200cfg.lint.runner import run

SAMPLES = Path(__file__).resolve().parents[2] / "samples"

INVALID = sorted(p for p in (SAMPLES / "invalid").iterdir() if re.match(r"S\d{3}-", p.name))
VALID = sorted((SAMPLES / "valid").iterdir())


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_sample_lints_clean(path):
    assert lint_paths([str(path)]).findings == []


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_sample_reports_its_code(path):
    code = path.name.split("-", 1)[0]
    out = io.StringIO()
    status = run(LintOptions(paths=[str(path)], fmt="json"), out=out, err=io.StringIO())
    codes = {f["code"] for f in json.loads(out.getvalue())["findings"]}
    assert code in codes
    assert status == (1 if json.loads(out.getvalue())["summary"]["errors"] else 0)


def test_every_lint_code_has_an_invalid_sample():
    from sage200cfg.registry import all_docs

    sampled = {p.name.split("-", 1)[0] for p in INVALID}
    # Crashes, unreadable paths, NUL bytes, 8 MiB files, 5,000-resource files and a
    # form-less anyOf cannot be (or should not be) committed as sample files;
    # tests/lint and tests/reliability build them on the fly instead.
    untestable = {"S000", "S003", "S005", "S007", "S011", "S105"}
    lint_codes = {code for code in all_docs() if code[:2] not in ("S3", "S4")}
    assert lint_codes - untestable <= sampled


def _seed_findings():
    return lint_paths([str(SAMPLES / "seed" / "example.json")]).findings


def test_seed_reports_the_transactions_copy_error():
    hits = [f for f in _seed_findings() if f.code == "S201"]
    assert [(f.line, f.severity, f.pointer) for f in hits] == [
        (66, Severity.ERROR, "/configuration/event.poller.configuration/transactions/url")
    ]


def test_seed_reports_date_fields_sage200_does_not_have():
    fields = {f.pointer.rsplit("/", 1)[1] for f in _seed_findings() if f.code == "S251"}
    assert {"updatedDateField", "createdDateField"} <= fields


def test_corrected_seed_has_only_warnings():
    doc = json.loads((SAMPLES / "seed" / "example.json").read_text())
    block = doc["configuration"]["event.poller.configuration"]["transactions"]
    block["url"] = block["url"].replace("/customers?", "/transactions?")
    findings = lint_data(doc)
    assert findings, "the seed still has warnings (date fields, plain secrets)"
    assert {f.severity for f in findings} == {Severity.WARNING}


def test_empty_body_reports_empty_required_values():
    findings = lint_paths([str(SAMPLES / "seed" / "empty-body.json")]).findings
    empty = {f.pointer for f in findings if f.code == "S276"}
    assert {"/name", "/configuration/oauth.api.key", "/configuration/company.name"} <= empty
