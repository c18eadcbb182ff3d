"""The PostgreSQL store's connections: one per thread, or one that every thread shares.

A thread's connection is opened on first use and again after a server restart
(a closed or broken one). Shared, psycopg serializes the threads' statements,
which suits a process whose statements each stand alone outside any
transaction: the delivery process. Either way every connection opened is
closed by :meth:`Connections.close`.
"""

from __future__ import annotations

import threading
from contextlib import AbstractContextManager, nullcontext
from types import SimpleNamespace
from typing import Any

import psycopg

from .pg_schema import connect

__all__ = ["Connections"]

Conn = psycopg.Connection[tuple[Any, ...]]


class Connections:
    """Autocommit connections to ``uri``; ``idle_ms`` as in :func:`.pg_schema.connect`."""

    def __init__(self, uri: str, idle_ms: int, *, shared: bool = False) -> None:
        self.uri, self.idle_ms = uri, idle_ms
        self._slot: Any = SimpleNamespace() if shared else threading.local()
        # Shared, two threads that find it broken must not both reconnect.
        self._connecting: AbstractContextManager[Any] = (
            threading.Lock() if shared else nullcontext())
        self._opened: list[Conn] = []
        self._lock = threading.Lock()

    def get(self) -> Conn:
        """This thread's connection (or the shared one), opened when needed."""
        conn: Conn | None = getattr(self._slot, "conn", None)
        if conn is None or conn.closed or conn.broken:
            with self._connecting:
                conn = getattr(self._slot, "conn", None)
                if conn is None or conn.closed or conn.broken:
                    conn = connect(self.uri, self.idle_ms)
                    self._slot.conn = conn
                    with self._lock:
                        self._opened.append(conn)
        return conn

    def close(self) -> None:
        with self._lock:
            opened, self._opened = self._opened, []
        for conn in opened:
            conn.close()
