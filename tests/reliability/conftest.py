"""Fixtures for the runtime fault tests: the runtime tests' simulator, reused."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# rt_helpers (tests/runtime) and delivery_check (here) are imported as top-level modules.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "runtime"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
pytest.register_assert_rewrite("delivery_check")

from delivery_check import Ledger  # noqa: E402
from rt_helpers import Sim, start_sim  # noqa: E402


@pytest.fixture
def sim() -> Iterator[Sim]:
    running = start_sim()
    yield running
    running.sim.stop()


@pytest.fixture
def ledger(sim: Sim) -> Ledger:
    """Records which events each accepted notification carried (see Ledger)."""
    return Ledger.attach(sim)
