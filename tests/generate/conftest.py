"""Fixtures for generate/init/--into/--fix tests: an in-process CLI runner."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from sage200cfg.cli import app


@pytest.fixture
def cli():
    """Invoke the CLI in-process; returns click's Result (stdout, stderr, exit_code)."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return invoke
