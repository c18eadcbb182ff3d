"""The README's pre-commit snippet and the bundled hook, run by the real pre-commit.

Offline: the hooks are ``repo: local`` with ``language: system``, so pre-commit
installs nothing and runs the ``sage200cfg`` of this environment, in a
temporary git repository that holds what a config repo holds.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
VALID = ROOT / "samples" / "valid" / "sage200-instance.json"


def _readme_snippet() -> str:
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("### pre-commit") :]
    return re.search(r"```yaml\n(.*?)```", section, re.S).group(1)


def _bundled_hook_as_local() -> str:
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = {**hook, "language": "system"}  # what pre-commit runs, minus the install
    return yaml.safe_dump({"repos": [{"repo": "local", "hooks": [hook]}]})


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, timeout=60)


def _config_repo(tmp_path: Path, pre_commit_config: str) -> Path:
    repo = tmp_path / "repo"
    (repo / "configs").mkdir(parents=True)
    shutil.copy(VALID, repo / "configs" / "acme.json")
    (repo / "package.json").write_text('{"name": "configs", "private": true}\n')
    (repo / ".pre-commit-config.yaml").write_text(pre_commit_config)
    (repo / ".github" / "workflows").mkdir(parents=True)
    (repo / ".github" / "workflows" / "ci.yml").write_text("on: push\njobs: {}\n")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    return repo


def _pre_commit(repo: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "NO_COLOR": "1",
    }
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _check(tmp_path: Path, pre_commit_config: str) -> None:
    repo = _config_repo(tmp_path, pre_commit_config)
    clean = _pre_commit(repo, tmp_path)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "sage200cfg lint" in clean.stdout and "Passed" in clean.stdout

    data = json.loads(VALID.read_text())
    customers = data["configuration"]["event.poller.configuration"]["customers"]
    customers["url"] = customers["url"].replace(">=", ">")  # loses events: fails --strict
    (repo / "configs" / "acme.json").write_text(json.dumps(data, indent=2))
    _git(repo, "add", ".")
    failing = _pre_commit(repo, tmp_path)
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "Failed" in failing.stdout
    assert "configs/acme.json" in failing.stdout and "S223 [error]" in failing.stdout
    assert "package.json" not in failing.stdout and "ci.yml" not in failing.stdout


def test_the_readme_snippet_works_as_written(tmp_path):
    _check(tmp_path, _readme_snippet())


def test_the_bundled_hook_lints_configs_and_leaves_other_files_alone(tmp_path):
    _check(tmp_path, _bundled_hook_as_local())
