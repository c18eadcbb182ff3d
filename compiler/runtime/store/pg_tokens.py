"""Rotating OAuth refresh tokens in the PostgreSQL store, one row per instance.

The native Sage 200 transport's refresh token changes on every use, and a token
spent twice is refused by the token endpoint, which locks the instance out.
So a worker spends it only while ``SELECT … FOR UPDATE`` holds the row, and
stores the rotated token in that same transaction: a second worker waits for
the row, then reads the new token.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import psycopg

from ..errors import StoreError

__all__ = ["TokenCell", "load", "locked", "rotate", "save", "seed"]

T = TypeVar("T")
Conn = psycopg.Connection[tuple[Any, ...]]


def load(conn: Conn, instance: str) -> str | None:
    row = conn.execute("SELECT token FROM refresh_tokens WHERE instance=%s",
                       (instance,)).fetchone()
    return None if row is None else str(row[0])


def save(conn: Conn, instance: str, token: str) -> None:
    conn.execute(
        "INSERT INTO refresh_tokens (instance, token, rotated_ms) VALUES (%s, %s, %s) "
        "ON CONFLICT (instance) DO UPDATE SET token=excluded.token, "
        "generation=refresh_tokens.generation+1, rotated_ms=excluded.rotated_ms",
        (instance, token, int(time.time() * 1000)))


@dataclass
class TokenCell:
    """A refresh token read under a row lock; set ``token`` to store a rotated one."""

    token: str | None

    def __repr__(self) -> str:  # never print a token, even in a traceback
        return "TokenCell(***)"


@contextmanager
def locked(conn: Conn, key: str) -> Iterator[TokenCell]:
    """Hold ``key``'s row (``SELECT … FOR UPDATE``) for the block; store ``cell.token``
    at its end when the block changed it.

    The commit waits for the disk (unlike the rest of the store): a rotated
    token lost to a database crash could not be got back by polling again. A
    worker killed between the token endpoint's answer and the commit still loses
    the rotated token; the login must then be authorised again.
    """
    with conn.transaction():
        conn.execute("SET LOCAL synchronous_commit = on")
        # The token endpoint may take longer than a lease ttl to answer.
        conn.execute("SET LOCAL idle_in_transaction_session_timeout = 0")
        row = conn.execute("SELECT token FROM refresh_tokens WHERE instance=%s FOR UPDATE",
                           (key,)).fetchone()
        cell = TokenCell(None if row is None else str(row[0]))
        first = cell.token
        yield cell
        if cell.token is not None and cell.token != first:
            save(conn, key, cell.token)


def seed(conn: Conn, key: str, token: str) -> None:
    """Store ``token`` unless the database already holds one for ``key`` (that one is newer)."""
    conn.execute("INSERT INTO refresh_tokens (instance, token, rotated_ms) VALUES (%s, %s, %s) "
                 "ON CONFLICT (instance) DO NOTHING", (key, token, int(time.time() * 1000)))


def rotate(conn: Conn, instance: str, refresh: Callable[[str], tuple[str, T]]) -> T:
    """Run ``refresh(token)`` -> (new token, result) under the row lock; store the new token.

    When ``refresh`` raises, nothing changes.
    """
    with locked(conn, instance) as cell:
        if cell.token is None:
            raise StoreError(f"no refresh token stored for instance {instance}")
        cell.token, result = refresh(cell.token)
    return result
