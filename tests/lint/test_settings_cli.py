"""``sage200cfg lint`` end to end: config files, suppressions, report formats, exits.

One copied block (``transactions`` polling the customers URL) gives an S201
and an S202 error on line 62 of a corrected sample; everything else is clean.
Most cases use typer's runner in the repo folder; the exit-2 and SARIF cases
run the real process.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft7Validator
from typer.testing import CliRunner

from sage200cfg.cli import app

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "valid" / "sage200-instance.yaml"
SARIF_SCHEMA = json.loads((ROOT / "tests" / "report" / "sarif-schema-2.1.0.json").read_text())
COPY_ERROR = "/hubs/finance/customers?"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A config repo whose ``transactions`` block polls the customers URL (line 62)."""
    text = SAMPLE.read_text(encoding="utf-8").replace("/hubs/finance/transactions?", COPY_ERROR)
    lines = text.split("\n")
    assert COPY_ERROR in lines[61]
    (tmp_path / "configs").mkdir()
    (tmp_path / "configs" / "a.yaml").write_text(text, encoding="utf-8")
    return tmp_path


@pytest.fixture
def lint(repo: Path, monkeypatch: pytest.MonkeyPatch):
    """Run ``sage200cfg lint ARGS`` in-process from the repo folder."""
    monkeypatch.chdir(repo)
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(app, ["lint", *args])

    return run


def _codes(result) -> list[tuple[int, str]]:
    return [(f["line"], f["code"]) for f in json.loads(result.stdout)["findings"]]


def test_findings_without_config_fail_the_run(lint):
    result = lint("configs", "--format", "json")
    assert result.exit_code == 1, result.output
    assert _codes(result) == [(62, "S202"), (62, "S201")]


def test_pyproject_ignore_and_stale_suppression(lint, repo):
    (repo / "pyproject.toml").write_text('[tool.sage200cfg]\nignore = ["S202"]\n')
    path = repo / "configs" / "a.yaml"
    lines = path.read_text().split("\n")
    lines[61] += "  # sage200cfg: ignore[S201]"
    lines[60] += "  # sage200cfg: ignore[S230]"
    path.write_text("\n".join(lines))
    result = lint("configs", "--format", "json")
    assert (result.exit_code, _codes(result)) == (0, [(61, "S901")])
    strict = lint("configs", "--warnings-as-errors")
    assert strict.exit_code == 1
    assert "configs/a.yaml:61:" in strict.stdout and "S901 [warning]" in strict.stdout


def test_per_file_ignores_in_own_config_file(lint, repo):
    (repo / ".sage200cfg.toml").write_text('[per-file-ignores]\n"configs/*.yaml" = ["S20"]\n')
    result = lint("configs")
    assert result.exit_code == 0, result.stdout
    assert result.stdout == "All checks passed: 1 file.\n"


def test_cli_select_overrides_the_config(lint, repo):
    (repo / ".sage200cfg.toml").write_text('select = ["S1"]\n')
    assert lint("configs").exit_code == 0
    result = lint("configs", "--select", "S201", "--format", "json")
    assert _codes(result) == [(62, "S201")]


def test_bad_config_exits_2_with_file_and_key(run_cli, repo):
    (repo / ".sage200cfg.toml").write_text('ignore = ["S202"]\nwarnings-as-error = true\n')
    result = run_cli("lint", "configs", cwd=repo)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert ".sage200cfg.toml: warnings-as-error: unknown key; did you mean" in result.stderr


def test_github_format(lint):
    result = lint("configs", "--format", "github")
    lines = result.stdout.splitlines()
    assert lines[0].startswith(
        "::error file=configs/a.yaml,line=62,col=12,title=S202 duplicate-poll-url::"
    )
    assert lines[1].startswith("::error file=configs/a.yaml,line=62,col=26,title=S201 ")
    assert lines[2] == "Found 2 errors in 1 file (1 checked)."


def test_sarif_format_is_valid(run_cli, repo):
    result = run_cli("lint", "configs", "--format", "sarif", cwd=repo)
    log = json.loads(result.stdout)
    assert not list(Draft7Validator(SARIF_SCHEMA).iter_errors(log))
    run = log["runs"][0]
    assert [r["ruleId"] for r in run["results"]] == ["S202", "S201"]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert "Why:" in rules["S201"]["help"]["text"]  # the rule's own docstring


def test_junit_format(lint):
    result = lint("configs", "--format", "junit")
    assert result.exit_code == 1
    assert '<testsuite name="configs/a.yaml" tests="2" failures="2"' in result.stdout
