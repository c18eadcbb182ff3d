"""The README's console examples, run as written, print what the README shows.

Every ``$ sage200cfg ...`` line of a ``console`` block is run in a scratch
folder holding a copy of ``samples/``; the lines after it, up to the next
``$``, must match its output (stdout, then stderr), where ``...`` stands for
any number of lines. A command with no lines after it must simply not fail
with a usage error. Commands that need a live hub, a PostgreSQL server or a
long run (``run``, ``status``, ``events``, ``demo``, ``simulate``, ``db``) are
listed and left to their own tests (``db migrate``: tests/runtime/test_run_postgres.py).
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
NEEDS_A_SERVER = {"run", "status", "events", "demo", "simulate", "db"}


def _examples() -> list[list[tuple[list[str], list[str]]]]:
    """Per console block: (command, expected lines) for each ``$ sage200cfg`` line."""
    blocks = []
    for block in re.findall(r"```console\n(.*?)```", README, re.S):
        steps: list[tuple[list[str], list[str]]] = []
        for line in block.splitlines():
            if line.startswith("$ "):
                steps.append((shlex.split(line[2:], comments=True), []))
            elif steps:
                steps[-1][1].append(line)
        runnable = [s for s in steps if s[0][:1] == ["sage200cfg"]]
        if runnable and not any(cmd[1] in NEEDS_A_SERVER for cmd, _ in runnable):
            blocks.append(runnable)
    return blocks


def _matches(expected: list[str], actual: list[str]) -> bool:
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(_matches(expected[1:], actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and actual[0] == expected[0] and _matches(expected[1:], actual[1:])


def test_the_readme_has_runnable_examples():
    commands = [cmd[1] for block in _examples() for cmd, _ in block]
    assert {"lint", "compile", "plan", "render"} <= set(commands)


@pytest.mark.parametrize("block", _examples(), ids=lambda b: " ; ".join(c[1] for c, _ in b))
def test_console_example_prints_what_the_readme_shows(block, tmp_path):
    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    for command, expected in block:
        proc = subprocess.run(
            [sys.executable, "-m", "sage200cfg", *command[1:]],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            env={"COLUMNS": "200", "PATH": "/usr/bin:/bin", "NO_COLOR": "1"},
        )
        assert proc.returncode in (0, 1), (command, proc.stderr)
        actual = (proc.stdout + proc.stderr).splitlines()
        if expected:
            assert _matches(expected, actual), (command, "\n".join(actual[:40]))
