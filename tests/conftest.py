"""Shared fixtures: repository paths and a runner for the real CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


@pytest.fixture
def run_cli():
    """Run ``python -m sage200cfg ARGS`` as a real subprocess."""

    def run(*args: str, input: str | None = None, cwd: Path | None = None):
        return subprocess.run(
            [sys.executable, "-m", "sage200cfg", *args],
            capture_output=True,
            text=True,
            input=input,
            cwd=cwd or ROOT,
            timeout=120,
        )

    return run


@pytest.fixture
def valid_doc():
    """The corrected seed: a whole instance config that lints clean."""
    import json

    return json.loads((SAMPLES / "valid" / "sage200-instance.json").read_text())
