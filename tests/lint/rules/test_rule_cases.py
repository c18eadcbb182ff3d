"""Rule cases from ``cases/SNNN.yaml`` (sqlfluff style), one test per named case.

A case file names its ``rule`` and a mapping of ``cases``. Each case gives a whole
instance ``config`` or edits the shared clean base (``_base.yaml``) with ``set``
(JSON Pointer -> value) and ``remove`` (pointers). ``expect`` lists the findings of
*that rule only*, in order of position: each has ``pointer`` and optionally
``severity``, ``message`` (a substring), ``fix`` (the first edit's new value; null
for no fix) and ``safe``. Findings of other rules are ignored here.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from sage200cfg.lint import lint_data
from sage200cfg.pointer import resolve, split

CASES = Path(__file__).parent / "cases"
BASE = yaml.safe_load((CASES / "_base.yaml").read_text())


def _load() -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for path in sorted(CASES.glob("S*.yaml")):
        spec = yaml.safe_load(path.read_text())
        for name, case in spec["cases"].items():
            found.append((spec["rule"], name, case))
    return found


def _parent(doc: Any, pointer: str) -> tuple[Any, str]:
    tokens = split(pointer)
    return resolve(doc, tokens[:-1]), tokens[-1]


def build_config(case: dict[str, Any]) -> Any:
    if "config" in case:
        return case["config"]
    doc = copy.deepcopy(BASE)
    for pointer, value in (case.get("set") or {}).items():
        parent, last = _parent(doc, pointer)
        if isinstance(parent, list):
            parent[int(last)] = value
        else:
            parent[last] = value
    for pointer in case.get("remove") or []:
        parent, last = _parent(doc, pointer)
        del parent[int(last) if isinstance(parent, list) else last]
    return doc


def _check(finding: Any, want: dict[str, Any]) -> None:
    assert finding.pointer == want["pointer"]
    if "severity" in want:
        assert finding.severity.value == want["severity"]
    if "message" in want:
        assert want["message"] in finding.message
    if "fix" in want:
        got = finding.fix.edits[0].value if finding.fix else None
        assert got == want["fix"]
    if "safe" in want:
        assert finding.fix is not None and finding.fix.safe is want["safe"]


@pytest.mark.parametrize(
    ("code", "case"), [(c, case) for c, _, case in _load()], ids=[f"{c}-{n}" for c, n, _ in _load()]
)
def test_rule_case(code: str, case: dict[str, Any]) -> None:
    findings = [f for f in lint_data(build_config(case)) if f.code == code]
    expected = case.get("expect") or []
    assert [f.pointer for f in findings] == [w["pointer"] for w in expected], [
        f.message for f in findings
    ]
    for finding, want in zip(findings, expected, strict=True):
        _check(finding, want)


def test_the_base_config_is_clean() -> None:
    assert lint_data(copy.deepcopy(BASE)) == []
