"""The store contract fixture: every contract test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from sage200cfg.runtime.store.base import StateStore
from sage200cfg.runtime.store.open import open_store

OpenStore = Callable[[], StateStore]


@pytest.fixture(params=["sqlite", "postgres"])
def open_one(request, tmp_path) -> Iterator[OpenStore]:
    """Opens a store on one state (an SQLite file, or a migrated PostgreSQL database);
    each call is another connection to it, as another worker would have."""
    state = (request.getfixturevalue("pg_state") if request.param == "postgres"
             else str(tmp_path / "state.db"))
    opened: list[StateStore] = []

    def make() -> StateStore:
        store = open_store(state)
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


@pytest.fixture
def store(open_one: OpenStore) -> StateStore:
    return open_one()
