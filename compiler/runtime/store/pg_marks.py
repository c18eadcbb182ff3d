"""Watermarks in the PostgreSQL store: where each resource's next poll starts.

Functions of one connection. A fleet's workers read and set them for the whole
plan at once as they start, in one round trip each; every row they meet is
passed to ``remember`` (the store's cache of resource ids), which saves a
lookup per poll later.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

import psycopg

from . import pg_sql as sql
from .base import Watermark

__all__ = ["init_all", "read", "read_all"]

Conn = psycopg.Connection[tuple[Any, ...]]
Remember = Callable[[int, str, str], None]


def read(conn: Conn, instance: str, resource: str) -> Watermark | None:
    row = conn.execute(
        "SELECT last_poll_ms, origin FROM resources WHERE instance=%s AND resource=%s",
        (instance, resource)).fetchone()
    if row is None or row[0] is None:
        return None
    return Watermark(int(row[0]), row[1])


def read_all(
    conn: Conn, resources: Sequence[tuple[str, str]], remember: Remember
) -> dict[tuple[str, str], Watermark]:
    rows = conn.execute(sql.RIDS, ([i for i, _ in resources],
                                   [r for _, r in resources])).fetchall()
    marks = {}
    for rid, instance, resource, last_poll_ms, origin in rows:
        remember(rid, instance, resource)
        if last_poll_ms is not None:
            marks[(instance, resource)] = Watermark(int(last_poll_ms), origin)
    return marks


def init_all(
    conn: Conn, resources: Sequence[tuple[str, str]], mark: Watermark, remember: Remember
) -> list[tuple[str, str]]:
    """Give ``mark`` to those of ``resources`` without a watermark; return them."""
    # One statement for the whole plan: a fleet of workers starting together
    # would otherwise spend its first seconds on thousands of round trips.
    for attempt in range(5):
        try:
            return _init_all(conn, resources, mark, remember)
        except psycopg.errors.DeadlockDetected:
            # Workers starting together may lock the same rows in another order.
            if attempt == 4:
                raise
            time.sleep(0.1 * (attempt + 1))
    raise AssertionError("unreachable")


def _init_all(
    conn: Conn, resources: Sequence[tuple[str, str]], mark: Watermark, remember: Remember
) -> list[tuple[str, str]]:
    names = ([i for i, _ in resources], [r for _, r in resources])
    with conn.pipeline(), conn.transaction():
        made = conn.execute(sql.INIT_NEW, (mark.last_poll_ms, mark.origin, *names))
        marked = conn.execute(sql.INIT_UNMARKED, (mark.last_poll_ms, mark.origin, *names))
        rids = conn.execute(sql.RIDS, names)
        fresh = {(r[0], r[1]) for cursor in (made, marked) for r in cursor.fetchall()}
        for rid, instance, resource, _, _ in rids.fetchall():
            remember(rid, instance, resource)
    return [key for key in resources if key in fresh]
