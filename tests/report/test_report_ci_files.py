"""The pre-commit hook and the README's CI snippets use real options and formats."""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from sage200cfg.cli import app
from sage200cfg.report import REPORTERS

ROOT = Path(__file__).resolve().parents[2]


def _reports_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Reports and CI")
    end = readme.find("\n## ", start + 1)
    return readme[start : end if end != -1 else len(readme)]


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", _reports_section(), re.S)


def _lint_commands() -> list[list[str]]:
    commands = []
    for block in _blocks("yaml"):
        for line in block.splitlines():
            match = re.search(r"(?:run:|- )\s*(sage200cfg lint .*)$", line)
            if match:
                commands.append(shlex.split(match.group(1), comments=True))
    return commands


def test_pre_commit_hook():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert [hook["id"] for hook in hooks] == ["sage200cfg-lint"]
    hook = hooks[0]
    assert (hook["entry"], hook["language"]) == ("sage200cfg lint --strict", "python")
    pattern = re.compile(hook["files"])
    assert all(pattern.search(name) for name in ("a.json", "b/c.yaml", "d.yml"))
    assert not any(pattern.search(name) for name in ("a.txt", "a.json.bak", "yml.md"))
    hidden = re.compile(hook["exclude"])
    assert all(hidden.search(n) for n in (".pre-commit-config.yaml", ".github/workflows/ci.yml"))
    assert not any(hidden.search(n) for n in ("configs/acme.json", "a.b/c.yaml"))
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert "sage200cfg" in scripts  # the entry's executable exists once installed


def test_readme_snippets_are_valid_yaml_and_toml():
    for block in _blocks("yaml"):
        assert yaml.safe_load(block) is not None
    (toml_block,) = _blocks("toml")
    assert set(tomllib.loads(toml_block)["tool"]["sage200cfg"]) == {
        "select",
        "ignore",
        "warnings-as-errors",
        "strict",
        "exclude",
        "per-file-ignores",
    }


def test_readme_lint_commands_use_real_formats():
    commands = _lint_commands()
    formats = [cmd[cmd.index("--format") + 1] for cmd in commands]
    assert formats == ["github", "sarif", "junit"]
    assert set(formats) <= set(REPORTERS)


@pytest.mark.parametrize("command", _lint_commands(), ids=lambda c: c[3])
def test_readme_lint_commands_run(command, tmp_path, monkeypatch):
    """Each documented command line is accepted by the real CLI."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "configs").mkdir()
    sample = ROOT / "samples" / "valid" / "sage200-instance.yaml"
    (tmp_path / "configs" / "a.yaml").write_text(sample.read_text(encoding="utf-8"))
    result = CliRunner().invoke(app, command[1:])
    assert result.exit_code == 0, result.output
