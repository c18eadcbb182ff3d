"""Sage ID tokens in the shared PostgreSQL state, for a fleet of workers.

Workers on several machines cannot share an auth file, so with
``--state postgresql://…`` the refresh token lives in the database: the first
worker seeds it from its auth file, and from then on every refresh spends the
database's token under a row lock (``SELECT … FOR UPDATE``) and stores the
rotated one in the same transaction. Two workers never spend the same token.
Access tokens stay in each worker's memory; only the refresh token is stored.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from .tokens import Tokens

if TYPE_CHECKING:  # psycopg is imported only when a PostgreSQL state is used
    from ..store.pg_tokens import TokenCell
    from ..store.postgres import PostgresStore

__all__ = ["DbTokenStore", "token_key"]


def token_key(token_url: str, client_id: str) -> str:
    """The row of one Sage ID login: the token URL and client id, hashed (never stored)."""
    digest = hashlib.sha256(f"{token_url}\n{client_id}".encode()).hexdigest()[:16]
    return f"sage-id:{digest}"


class DbTokenStore:
    """:class:`~.tokens.TokenStore` over one ``refresh_tokens`` row."""

    def __init__(self, store: PostgresStore, key: str, seed: Tokens | None) -> None:
        self.store = store
        self.key = key
        self._cell: TokenCell | None = None
        if seed is not None:
            store.seed_refresh_token(key, seed.refresh_token)

    @contextmanager
    def locked(self) -> Iterator[None]:
        with self.store.locked_refresh_token(self.key) as cell:
            self._cell = cell
            try:
                yield
            finally:
                self._cell = None

    def load(self) -> Tokens | None:
        token = self._cell.token if self._cell else self.store.load_refresh_token(self.key)
        return None if token is None else Tokens(token)

    def save(self, tokens: Tokens) -> None:
        if self._cell is not None:
            self._cell.token = tokens.refresh_token  # committed as the lock is released
        else:
            self.store.save_refresh_token(self.key, tokens.refresh_token)
