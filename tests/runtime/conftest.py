"""Fixtures for runtime tests (helpers live in rt_helpers.py)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# The test modules here import their helpers as a top-level module.
sys.path.insert(0, str(Path(__file__).parent))

from rt_helpers import Sim, start_sim  # noqa: E402


@pytest.fixture
def sim() -> Iterator[Sim]:
    running = start_sim()
    yield running
    running.sim.stop()
