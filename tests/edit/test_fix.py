"""apply_fixes on real configs: the seed gets repaired, and only the fixes change."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from sage200cfg.edit.fixes import FixOutcome, apply_fixes, unified_diff
from sage200cfg.findings import Edit, Finding, Fix, Severity
from sage200cfg.lint import lint_paths
from sage200cfg.pointer import join

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "samples" / "seed" / "example.json"
VALID_YAML = ROOT / "samples" / "valid" / "sage200-instance.yaml"


def leaves(data: Any, pointer: str = "") -> dict[str, Any]:
    """Every scalar by pointer, decoding the poller string the way lint does."""
    if isinstance(data, dict):
        out: dict[str, Any] = {}
        for key, value in data.items():
            out.update(leaves(value, join(pointer, key)))
        return out
    if isinstance(data, list):
        pairs = (leaves(item, join(pointer, i)).items() for i, item in enumerate(data))
        return {k: v for items in pairs for k, v in items}
    return {pointer: data}


def fix_file(path: Path, tmp_path: Path, *, unsafe: bool) -> tuple[str, str, FixOutcome]:
    """Fix to a fixpoint, as ``lint --fix`` does: two fixes of one URL take turns."""
    text = original = path.read_text(encoding="utf-8")
    fmt = "yaml" if path.suffix == ".yaml" else "json"
    fixed = tmp_path / path.name
    fixed.write_text(text, encoding="utf-8")
    applied: tuple[Finding, ...] = ()
    while True:
        outcome = apply_fixes(text, fmt, lint_paths([str(fixed)]).findings, unsafe=unsafe)
        if not outcome.changed:
            break
        text, applied = outcome.text, applied + outcome.applied
        fixed.write_text(text, encoding="utf-8")
    return original, text, FixOutcome(text, applied, outcome.skipped)


def edits_of(findings: tuple[Finding, ...]) -> dict[str, object]:
    return {e.pointer: e.value for f in findings if f.fix for e in f.fix.edits}


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
def test_fixing_the_seed_changes_exactly_the_fixed_values(tmp_path: Path, unsafe: bool) -> None:
    old, new, outcome = fix_file(SEED, tmp_path, unsafe=unsafe)
    before, after = leaves(json.loads(old)), leaves(json.loads(new))
    changed = {p: after[p] for p in before if before[p] != after[p]}
    added = {p: after[p] for p in after if p not in before}  # S262 adds a member
    assert set(before) <= set(after)
    assert {**changed, **added} == edits_of(outcome.applied)
    # One edit per line in the seed's layout: the diff has exactly one -/+ pair per
    # changed value; an added member is one + line, and the line before it gains a comma.
    diff = unified_diff("example.json", old, new).splitlines()[2:]
    assert sum(line.startswith("+") for line in diff) == len(changed) + 2 * len(added)
    assert sum(line.startswith("-") for line in diff) == len(changed) + len(added)


def test_safe_fixes_leave_the_seed_without_errors(tmp_path: Path, snapshot) -> None:
    _, new, outcome = fix_file(SEED, tmp_path, unsafe=False)
    left = lint_paths([str(tmp_path / SEED.name)]).findings
    assert [f for f in left if f.severity is Severity.ERROR] == []
    assert {"S201", "S251", "S252"} <= {f.code for f in outcome.applied}
    assert all(reason.startswith("unsafe fix") for _, reason in outcome.skipped)
    # What stays needs a human (or --unsafe-fixes): inferred resources and the secret.
    assert {f.code for f in left} <= {"S222", "S251", "S252", "S254", "S262", "S275"}
    assert unified_diff("samples/seed/example.json", SEED.read_text(), new) == snapshot


def test_unsafe_fixes_make_the_seed_lint_clean(tmp_path: Path, snapshot) -> None:
    _, new, outcome = fix_file(SEED, tmp_path, unsafe=True)
    assert lint_paths([str(tmp_path / SEED.name)]).findings == []
    assert outcome.skipped == ()
    assert unified_diff("samples/seed/example.json", SEED.read_text(), new) == snapshot


def test_yaml_fixes_keep_comments(tmp_path: Path) -> None:
    text = VALID_YAML.read_text(encoding="utf-8")
    broken = text.replace("updatedDateField: date_time_updated", "updatedDateField: updated_at", 1)
    broken = broken.replace("date_time_updated>='", "date_time_updated>'", 1)
    path = tmp_path / "broken.yaml"
    path.write_text(broken, encoding="utf-8")
    outcome = apply_fixes(broken, "yaml", lint_paths([str(path)]).findings)
    assert outcome.text == text
    assert {f.code for f in outcome.applied} >= {"S251", "S223"}


def _finding(pointer: str, value: object, *, safe: bool = True, line: int = 1) -> Finding:
    fix = Fix("set", (Edit(pointer, value),), safe)
    return Finding("f.json", line, 1, "S999", "x", Severity.WARNING, "m", pointer, fix)


def test_conflicting_and_impossible_fixes_are_skipped_with_a_reason() -> None:
    text = '{"a": {"b": 1}, "c": 2}'
    outcome = apply_fixes(
        text,
        "json",
        [
            _finding("/a/b", 5, line=1),
            _finding("/a", {"b": 9}, line=2),  # contains /a/b: conflicts
            _finding("/c", 3, safe=False, line=3),
            _finding("/zz/y", 1, line=4),
        ],
    )
    assert json.loads(outcome.text) == {"a": {"b": 5}, "c": 2}
    assert [reason for _, reason in outcome.skipped] == [
        "conflicts with another fix",
        "unsafe fix (use --unsafe-fixes)",
        "cannot apply: /zz does not exist",
    ]
    assert apply_fixes(text, "json", [_finding("/c", 3, safe=False)], unsafe=True).changed


def test_unified_diff_masks_credentials() -> None:
    old = '{\n"event.notification.basic.password": "P@$$w0rd",\n"name": "x"\n}\n'
    new = old.replace('"P@$$w0rd"', '"${env:PW}"')
    diff = unified_diff("x.json", old, new)
    assert "P@$$w0rd" not in diff
    assert '-"event.notification.basic.password": ****,' in diff
    assert '+"event.notification.basic.password": "${env:PW}",' in diff


def test_unified_diff_shape() -> None:
    assert unified_diff("x.json", "a\n", "a\n") == ""
    assert unified_diff("/abs/x.json", "a\nb", "a\nc").splitlines() == [
        "--- a/abs/x.json",
        "+++ b/abs/x.json",
        "@@ -1,2 +1,2 @@",
        " a",
        "-b",
        "\\ No newline at end of file",
        "+c",
        "\\ No newline at end of file",
    ]


def test_yaml_round_trip_of_fixed_seed_is_still_yaml(tmp_path: Path) -> None:
    # A YAML copy of the seed fixes the same way as the JSON one.
    data = json.loads(SEED.read_text(encoding="utf-8"))
    path = tmp_path / "seed.yaml"
    path.write_text("# seed as YAML\n" + yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    _, _, outcome = fix_file(path, path.parent, unsafe=True)
    path.write_text(outcome.text, encoding="utf-8")
    assert outcome.text.startswith("# seed as YAML\n")
    assert lint_paths([str(path)]).findings == []
