"""README's two fresh-machine commands stay true, and CI runs the same test command."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def _console_commands() -> list[str]:
    blocks = re.findall(r"```console\n(.*?)```", README, re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_quick_start_installs_and_lints_the_samples():
    assert "pip install . && sage200cfg lint samples/" in _console_commands()


def test_ci_runs_the_readme_test_command():
    test_command = next(c for c in _console_commands() if "pytest" in c)
    assert test_command in (ROOT / ".ci" / "run").read_text().splitlines()
