"""The SQLite store's outbox: claiming due rows, acknowledging and rescheduling them.

Functions of the connection; :class:`.sqlite.SqliteStore` calls them under its
lock or in its transactions. Claims live in memory (``leased``, the row ids in
flight in this process): the run holds the state file's flock, so no other
process delivers from it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from sqlite3 import Connection
from typing import Any

from .base import Pending
from .sqlite_schema import unpack

__all__ = [
    "acknowledge", "claim", "due_now", "next_due_ms", "pending", "pending_count",
    "requeue_dead", "reschedule", "totals",
]


def claim(db: Connection, now_ms: int, limit: int, leased: set[int]) -> list[tuple[Any, ...]]:
    """Up to ``limit`` due rows not in ``leased``, which they join; build them with
    :func:`pending` (outside the lock: bodies may need unzipping)."""
    ids = [
        r[0] for r in db.execute(
            "SELECT id FROM outbox WHERE state='pending' AND next_attempt_ms<=? "
            "ORDER BY next_attempt_ms, id LIMIT ?",
            (now_ms, limit + len(leased)),
        ) if r[0] not in leased
    ][:limit]
    if not ids:
        return []
    leased.update(ids)
    return db.execute(
        "SELECT o.id, o.webhook_id, r.instance, r.resource, o.body, o.zipped, o.events, "
        "o.attempts "
        "FROM outbox o JOIN resources r USING (rid) "
        f"WHERE o.id IN ({','.join('?' * len(ids))}) ORDER BY o.id",
        ids,
    ).fetchall()


def pending(rows: Sequence[tuple[Any, ...]]) -> list[Pending]:
    return [Pending(r[0], r[1], r[2], r[3], unpack(r[4], r[5]), r[6], r[7]) for r in rows]


def totals(
    delivered: Sequence[Pending], rid: Callable[[str, str], int]
) -> list[tuple[int, int, int]]:
    """(notifications, events, rid) delivered per resource."""
    counts: Counter[int] = Counter()
    events: Counter[int] = Counter()
    for row in delivered:
        key = rid(row.instance, row.resource)
        counts[key] += 1
        events[key] += row.events
    return [(n, events[key], key) for key, n in counts.items()]


def acknowledge(
    db: Connection, delivered: Sequence[Pending], counted: Sequence[tuple[int, int, int]]
) -> None:
    """Remove the delivered rows and count them (``counted`` from :func:`totals`)."""
    db.executemany("DELETE FROM outbox WHERE id=?", [(r.row_id,) for r in delivered])
    db.executemany(
        "UPDATE resources SET delivered_notifications=delivered_notifications+?, "
        "delivered_events=delivered_events+?, last_delivery_error=NULL WHERE rid=?",
        counted,
    )


def reschedule(
    db: Connection, row_id: int, rid: int, next_attempt_ms: int | None, error: str
) -> None:
    """Another attempt at ``next_attempt_ms``, or a dead letter when it is None."""
    state = "pending" if next_attempt_ms is not None else "dead"
    db.execute(
        "UPDATE outbox SET attempts=attempts+1, state=?, next_attempt_ms=?, "
        "last_error=? WHERE id=?",
        (state, next_attempt_ms or 0, error, row_id),
    )
    db.execute("UPDATE resources SET last_delivery_error=? WHERE rid=?", (error, rid))


def next_due_ms(db: Connection) -> int | None:
    row = db.execute("SELECT MIN(next_attempt_ms) FROM outbox WHERE state='pending'").fetchone()
    return None if row[0] is None else int(row[0])


def pending_count(db: Connection) -> int:
    row = db.execute("SELECT COUNT(*) FROM outbox WHERE state='pending'").fetchone()
    return int(row[0])


def requeue_dead(db: Connection) -> int:
    cursor = db.execute(
        "UPDATE outbox SET state='pending', attempts=0, next_attempt_ms=0 WHERE state='dead'"
    )
    return cursor.rowcount


def due_now(db: Connection) -> int:
    cursor = db.execute(
        "UPDATE outbox SET next_attempt_ms=0 WHERE state='pending' AND next_attempt_ms>0"
    )
    return cursor.rowcount
