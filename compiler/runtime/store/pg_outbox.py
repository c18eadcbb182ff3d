"""The PostgreSQL store's outbox: claims, acknowledgements and retries of deliveries.

Functions of one connection. Rows are claimed in batches with a token from the
``fence`` sequence and a claim lease (see ``CLAIM`` in :mod:`.pg_sql`), and are
acknowledged or rescheduled only with that token, so a worker whose claim expired
and was taken over changes nothing. A worker claims no young rows of the
resources in ``foreign`` (those its plan lacks, learnt by :func:`pass_over`):
the workers whose plans have them deliver them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any

import psycopg

from . import pg_sql as sql
from .base import Pending
from .sqlite_schema import unpack

__all__ = [
    "FOREIGN_GRACE_S", "acknowledge", "claim", "due_now", "next_due_ms", "pass_over",
    "pending_count", "release", "requeue_dead", "reschedule",
]

Conn = psycopg.Connection[tuple[Any, ...]]

#: How long a notification of a resource that this worker's plan lacks is left
#: to the workers whose plans have it (a rolling restart onto a new plan takes
#: minutes); one queued before that is failed like any other, so the rows of an
#: instance gone from every plan still end as dead letters.
FOREIGN_GRACE_S = 600
_GRACE_MS = FOREIGN_GRACE_S * 1000


def _ours(foreign: Collection[int]) -> dict[str, Any]:
    return {"foreign": list(foreign), "grace": _GRACE_MS}


def claim(
    conn: Conn, now_ms: int, limit: int, holder: str, ttl_ms: int,
    name: Callable[[int], tuple[str, str]], foreign: Collection[int] = (),
) -> list[Pending]:
    """Up to ``limit`` rows due at ``now_ms``, claimed for ``holder`` for ``ttl_ms``."""
    rows = conn.execute(sql.CLAIM, {"now": now_ms, "limit": limit, "holder": holder,
                                    "ttl": ttl_ms, **_ours(foreign)}).fetchall()
    out = []
    for row_id, webhook, rid, body, zipped, events, attempts, token in sorted(rows):
        instance, resource = name(rid)
        out.append(Pending(row_id, webhook, instance, resource, unpack(body, zipped), events,
                           attempts, token))
    return out


def acknowledge(conn: Conn, delivered: Sequence[Pending]) -> None:
    if delivered:
        conn.execute(sql.ACK, ([r.row_id for r in delivered], [r.claim for r in delivered]))


def reschedule(conn: Conn, row: Pending, next_attempt_ms: int | None, error: str) -> None:
    """Another attempt at ``next_attempt_ms``, or a dead letter when it is None."""
    state = "pending" if next_attempt_ms is not None else "dead"
    conn.execute(
        "UPDATE outbox SET attempts=attempts+1, state=%s, next_attempt_ms=%s, last_error=%s, "
        "claim_token=NULL, claim_holder=NULL, claim_expires_ms=NULL "
        "WHERE id=%s AND claim_token=%s",
        (state, next_attempt_ms or 0, error, row.row_id, row.claim))


def pass_over(conn: Conn, row: Pending) -> bool:
    """Give a young claimed row back untouched; False when it is old (or the claim lost)."""
    params = {"id": row.row_id, "token": row.claim, "grace": _GRACE_MS}
    return conn.execute(sql.PASS_OVER, params).rowcount == 1


def release(conn: Conn, holder: str) -> None:
    """Free every claim ``holder`` holds."""
    conn.execute("UPDATE outbox SET claim_token=NULL, claim_holder=NULL, "
                 "claim_expires_ms=NULL WHERE claim_holder=%s", (holder,))


def next_due_ms(conn: Conn) -> int | None:
    row = conn.execute("SELECT min(next_attempt_ms) FROM outbox WHERE state='pending'").fetchone()
    return None if row is None or row[0] is None else int(row[0])


def pending_count(conn: Conn, holder: str, foreign: Collection[int] = ()) -> int:
    row = conn.execute(sql.PENDING, {"holder": holder, **_ours(foreign)}).fetchone()
    return 0 if row is None else int(row[0])


def requeue_dead(conn: Conn) -> int:
    return conn.execute("UPDATE outbox SET state='pending', attempts=0, next_attempt_ms=0 "
                        "WHERE state='dead'").rowcount


def due_now(conn: Conn) -> int:
    return conn.execute(
        "UPDATE outbox SET next_attempt_ms=0 WHERE state='pending' AND next_attempt_ms>0"
    ).rowcount
