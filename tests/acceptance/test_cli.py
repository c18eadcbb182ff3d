"""The lint CLI as a user meets it: text, exit statuses, fixes and rule docs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sage200cfg.cli import app

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "samples" / "seed" / "example.json"
runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture(autouse=True)
def _repo_cwd(monkeypatch):
    monkeypatch.chdir(ROOT)


def test_seed_text_report(snapshot):
    result = invoke("lint", "--no-color", "samples/seed/example.json")
    assert result.exit_code == 1
    assert result.stdout == snapshot


def test_seed_json_report(snapshot):
    result = invoke("lint", "--format", "json", "samples/seed/example.json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == snapshot


def test_diff_shows_exactly_the_fixes(tmp_path, snapshot):
    target = tmp_path / "example.json"
    shutil.copy(SEED, target)
    result = invoke("lint", "--diff", "--unsafe-fixes", str(target))
    assert result.exit_code == 1
    assert result.stdout.replace(str(tmp_path), "TMP") == snapshot
    assert target.read_text() == SEED.read_text(), "--diff must not write"


def test_fix_makes_the_seed_lint_clean(tmp_path):
    target = tmp_path / "example.json"
    shutil.copy(SEED, target)
    fixed = invoke("lint", "--fix", "--unsafe-fixes", str(target))
    assert fixed.exit_code == 0, fixed.stdout
    again = invoke("lint", str(target))
    assert (again.exit_code, again.stdout.strip()) == (0, "All checks passed: 1 file.")


def test_safe_fix_keeps_the_unsafe_ones_for_later(tmp_path):
    target = tmp_path / "example.json"
    shutil.copy(SEED, target)
    result = invoke("lint", "--fix", str(target))
    assert result.exit_code == 0, "only warnings remain after the safe fixes"
    assert "S201" not in result.stdout
    assert '"/hubs/finance/transactions?' in target.read_text()


def test_rules_lists_every_code(snapshot):
    result = invoke("rules")
    assert result.exit_code == 0
    assert result.stdout == snapshot


def test_rule_prints_its_docs():
    result = invoke("rule", "s201")
    assert result.exit_code == 0
    assert result.stdout.startswith("S201 url-resource-mismatch [error]")
    assert "Why:" in result.stdout and "Bad:" in result.stdout


def test_unknown_rule_suggests(snapshot):
    result = invoke("rule", "url-resource-mismatch")
    assert result.exit_code == 2
    assert "Did you mean S201?" in result.stderr


@pytest.mark.parametrize(
    "args",
    [("--format", "xml"), ("--select", "S999X"), ("--ignore", "Q100")],
    ids=["format", "select", "ignore"],
)
def test_usage_errors_exit_2(args):
    result = invoke("lint", *args, "samples/valid")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")


def test_warnings_as_errors():
    assert invoke("lint", "samples/seed/empty-body.json").exit_code == 1
    plain = ROOT / "samples" / "valid"
    assert invoke("lint", "--warnings-as-errors", str(plain)).exit_code == 0


def test_schema_command_prints_the_instance_schema():
    result = invoke("schema")
    assert json.loads(result.stdout)["$schema"].endswith("2020-12/schema")


def test_real_subprocess_and_version(run_cli):
    assert run_cli("--version").stdout.startswith("sage200cfg ")
    result = run_cli("lint", "samples/seed")
    assert result.returncode == 1
    assert "S201 [error]" in result.stdout and result.stderr == ""


def test_report_file_that_cannot_be_written_is_a_clear_exit_2(tmp_path):
    target = tmp_path / "missing" / "report.sarif"
    result = invoke("lint", "--format", "sarif", "-o", str(target), "samples/valid")
    assert result.exit_code == 2
    assert result.stderr == f"error: cannot write {target}: No such file or directory\n"


def test_report_file_is_written(tmp_path):
    target = tmp_path / "report.json"
    result = invoke("lint", "--format", "json", "-o", str(target), "samples/valid")
    assert (result.exit_code, result.stdout) == (0, "")
    assert json.loads(target.read_text())["summary"]["files"] == 2
