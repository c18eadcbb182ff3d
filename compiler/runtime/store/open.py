"""Open the store a ``--state`` names: PostgreSQL for a ``postgresql://`` URI, else SQLite.

psycopg is imported only for a PostgreSQL URI, so the embedded default needs
nothing beyond the standard library; without psycopg a PostgreSQL URI is a
clear setup error naming the extra to install.
"""

from __future__ import annotations

import os

from ..errors import StateFileError
from .base import StateStore
from .uri import is_postgres

__all__ = ["open_store"]


def open_store(state: str | os.PathLike[str], *, lease_ttl: float = 60.0,
               one_connection: bool = False) -> StateStore:
    """The store at ``state``; raises StateFileError when it cannot be used.

    ``lease_ttl`` (seconds) is how long a PostgreSQL delivery claim lasts: the
    rows a dead worker had claimed are delivered by another after it.
    ``one_connection``: PostgreSQL threads share one connection (see PostgresStore).
    """
    text = os.fspath(state)
    if is_postgres(text):
        try:
            from .postgres import PostgresStore
        except ImportError as exc:
            raise StateFileError(
                f"a PostgreSQL --state needs psycopg ({exc.name} is missing): "
                "pip install 'sage200cfg[postgres]'"
            ) from None
        return PostgresStore(text, claim_ttl_ms=max(1000, int(lease_ttl * 1000)),
                             one_connection=one_connection)
    from .sqlite import SqliteStore

    return SqliteStore(text)
