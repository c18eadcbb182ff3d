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


def open_store(state: str | os.PathLike[str]) -> StateStore:
    """The store at ``state``; raises StateFileError when it cannot be used."""
    text = os.fspath(state)
    if is_postgres(text):
        try:
            from .postgres import PostgresStore
        except ImportError as exc:
            raise StateFileError(
                f"a PostgreSQL --state needs psycopg ({exc.name} is missing): "
                "pip install 'sage200cfg[postgres]'"
            ) from None
        return PostgresStore(text)
    from .sqlite import SqliteStore

    return SqliteStore(text)
