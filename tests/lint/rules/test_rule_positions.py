"""Findings inside a URL land on the culprit itself: line and column from real text."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml

from sage200cfg.codes import parse_doc
from sage200cfg.lint import lint_data
from sage200cfg.lint.rules import RULES

BASE = yaml.safe_load((Path(__file__).parent / "cases" / "_base.yaml").read_text())
PH = "${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}"
W = "/hubs/finance/customers?where=date_time_updated"


@pytest.mark.parametrize(
    ("code", "url", "culprit"),
    [
        ("S210", W + ">='${GMTDate:yyyy}'", "${GMT"),
        ("S212", f"/hubs/finance/customers?where=date_time_updated>='{PH[:-1]}'", "${gmt"),
        ("S213", W + ">='${gmtDate:yyyy-MM-ddTHH}'", "THH"),
        ("S220", f"/hubs/finance/customers?where=date_time_updated>='{PH}", f"'{PH[:4]}"),
        ("S221", f"/hubs/finance/customers?where=date_time_updated eq '{PH}'", "eq '"),
        ("S223", f"/hubs/finance/customers?where=date_time_updated>'{PH}'", ">'$"),
        ("S224", f"/hubs/finance/customers?where=(date_time_updated>='{PH}'", "(date"),
        ("S231", W + ">='${gmtDate:yyyy-mm-dd}'", "mm-dd"),
        ("S204", f"/hubs/crm/customers?where=date_time_updated>='{PH}'", "crm/"),
        ("S250", f"/hubs/finance/customer?where=date_time_updated>='{PH}'", "customer?"),
    ],
)
def test_column_points_at_the_culprit(code: str, url: str, culprit: str) -> None:
    doc = copy.deepcopy(BASE)
    doc["configuration"]["event.poller.configuration"]["customers"]["url"] = url
    text = json.dumps(doc, indent=2)
    [finding] = [f for f in lint_data(doc, text=text) if f.code == code]
    line = text.splitlines()[finding.line - 1]
    assert line[finding.column - 1 :].startswith(culprit)


def _examples() -> list[tuple[str, str, str]]:
    found = []
    for code, rule in RULES.items():
        doc = parse_doc(code, rule.NAME, rule.SEVERITY, rule.__doc__)
        found += [(code, "bad", doc.bad), (code, "good", doc.good)]
    return found


@pytest.mark.parametrize(("code", "which", "example"), _examples())
def test_other_elements_never_get_catalog_findings(code: str, which: str, example: str) -> None:
    doc = json.loads(example)
    doc["element"]["key"] = "netsuiteerpv2"
    codes = {f.code for f in lint_data(doc)}
    assert not {c for c in codes if c.startswith("S25")}
    assert "S000" not in codes
