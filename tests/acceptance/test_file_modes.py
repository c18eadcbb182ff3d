"""Files the CLI writes honour the umask; state and secrets stay 0600."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sage200cfg.atomic import write_text

ROOT = Path(__file__).resolve().parents[2]
VALID = ROOT / "samples" / "valid" / "sage200-instance.json"


def _run(cwd: Path, umask: int, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sage200cfg", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        preexec_fn=lambda: os.umask(umask),  # noqa: PLW1509 - the umask of a user's shell
    )


def _mode(path: Path) -> str:
    return oct(path.stat().st_mode & 0o777)


@pytest.mark.parametrize(("umask", "expected"), [(0o022, "0o644"), (0o077, "0o600")])
def test_init_compile_and_lint_outputs_follow_the_umask(tmp_path, umask, expected):
    shutil.copy(VALID, tmp_path / "acme.json")
    init = ("init", "--name", "prod", "--company-name", "Acme", "--no-input")
    outputs = {
        "prod.json": (*init, "--callback-url", "https://hooks.example.com/x", "-o", "prod.json"),
        "plan.json": ("compile", "acme.json", "-o", "plan.json"),
        "report.json": ("lint", "acme.json", "-f", "json", "-o", "report.json"),
    }
    for name, args in outputs.items():
        proc = _run(tmp_path, umask, *args)
        assert proc.returncode == 0, proc.stderr
        assert _mode(tmp_path / name) == expected, name


def test_rewriting_a_file_keeps_its_mode(tmp_path):
    target = tmp_path / "plan.json"
    target.write_text("{}")
    target.chmod(0o640)
    write_text(target, "{}\n")
    assert _mode(target) == "0o640"


def test_private_files_are_0600_whatever_the_umask(tmp_path):
    old = os.umask(0)
    try:
        write_text(tmp_path / "secret.json", "{}", private=True)
    finally:
        os.umask(old)
    assert _mode(tmp_path / "secret.json") == "0o600"
