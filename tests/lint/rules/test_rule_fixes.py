"""Every fix a rule offers repairs what it reports: applied to the rule's Bad example,
the rule has nothing left to say. Fixes go through the same ``apply_fixes`` as
``lint --fix``, so this also proves the edits land on real text."""

from __future__ import annotations

import json

import pytest

from sage200cfg.codes import parse_doc
from sage200cfg.edit.fixes import apply_fixes
from sage200cfg.lint import lint_data
from sage200cfg.lint.rules import RULES


def _findings(code: str, text: str):
    return [f for f in lint_data(json.loads(text), text=text) if f.code == code]


def _with_fixes() -> list[str]:
    codes = []
    for code, rule in RULES.items():
        bad = parse_doc(code, rule.NAME, rule.SEVERITY, rule.__doc__).bad
        if any(f.fix is not None for f in _findings(code, bad)):
            codes.append(code)
    return codes


FIXABLE = _with_fixes()


def test_a_rule_offers_a_fix_exactly_when_its_docs_describe_one() -> None:
    documented = {
        code
        for code, rule in RULES.items()
        if parse_doc(code, rule.NAME, rule.SEVERITY, rule.__doc__).fix
    }
    assert set(FIXABLE) == documented
    assert len(FIXABLE) >= 20


@pytest.mark.parametrize("code", FIXABLE)
def test_applying_the_fixes_clears_the_rule(code: str) -> None:
    rule = RULES[code]
    text = parse_doc(code, rule.NAME, rule.SEVERITY, rule.__doc__).bad
    for _ in range(3):  # fixes on one value conflict; later rounds pick them up
        findings = _findings(code, text)
        if not findings:
            break
        outcome = apply_fixes(text, "json", findings, unsafe=True)
        assert outcome.changed, [f.message for f in findings]
        text = outcome.text
    assert [f.message for f in _findings(code, text)] == []
