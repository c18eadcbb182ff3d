"""Meta-tests over the rule registry: every rule documents itself, and its docs are true.

The Bad example must report the rule, the Good example must not, and a rule whose
Bad example carries a fix documents that fix. Codes are unique, file names follow
``s<code>_<name>.py``, and every rule has cases and an invalid sample.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sage200cfg.codes import parse_doc
from sage200cfg.findings import Severity
from sage200cfg.lint import lint_data
from sage200cfg.lint.rules import _MODULES, RULES

ROOT = Path(__file__).resolve().parents[3]
CODES = sorted(RULES)


def _doc(code: str):
    rule = RULES[code]
    return parse_doc(code, rule.NAME, rule.SEVERITY, rule.__doc__)


def _lint_example(text: str):
    return lint_data(json.loads(text), text=text)


@pytest.mark.parametrize("code", CODES)
def test_docstring_has_every_section(code: str) -> None:
    doc = _doc(code)
    assert doc.summary and len(doc.summary) <= 110, "a one-line summary"
    assert doc.why and doc.bad and doc.good
    for example in (doc.bad, doc.good):
        config = json.loads(example)
        assert "element" in config and "configuration" in config, "a whole instance config"


@pytest.mark.parametrize("code", CODES)
def test_bad_example_reports_the_rule(code: str) -> None:
    findings = [f for f in _lint_example(_doc(code).bad) if f.code == code]
    assert findings
    if any(f.fix is not None for f in findings):
        assert _doc(code).fix, "a rule that offers a fix documents it under Fix:"


@pytest.mark.parametrize("code", CODES)
def test_good_example_does_not_report_the_rule(code: str) -> None:
    findings = _lint_example(_doc(code).good)
    assert [f.message for f in findings if f.code == code] == []
    assert not [f for f in findings if f.code == "S000"], "no rule crashes on it"


@pytest.mark.parametrize("code", CODES)
def test_good_example_lints_with_zero_findings(code: str) -> None:
    """A Good example that another rule flags teaches the wrong thing."""
    findings = _lint_example(_doc(code).good)
    assert [(f.code, f.message) for f in findings] == []


def test_codes_are_unique_and_files_are_named_after_them() -> None:
    assert len({m.CODE for m in _MODULES}) == len(_MODULES)
    for module in _MODULES:
        assert re.fullmatch(r"S2\d\d", module.CODE)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", module.NAME)
        assert isinstance(module.SEVERITY, Severity)
        expected = f"s{module.CODE[1:]}_{module.NAME.replace('-', '_')}.py"
        assert Path(module.__file__).name == expected


def test_names_are_unique() -> None:
    names = [m.NAME for m in _MODULES]
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("code", CODES)
def test_every_rule_has_cases_and_an_invalid_sample(code: str) -> None:
    assert (Path(__file__).parent / "cases" / f"{code}.yaml").is_file()
    samples = list((ROOT / "samples" / "invalid").glob(f"{code}-{RULES[code].NAME}.*"))
    assert samples, f"samples/invalid/{code}-{RULES[code].NAME}.json"
