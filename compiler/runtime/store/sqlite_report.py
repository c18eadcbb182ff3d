"""What the SQLite store reports: per-resource status, the outbox, quarantined records.

Functions of the connection, for ``status``, the metrics and the status page;
:class:`.sqlite.SqliteStore` calls them under its lock and adds the poll leases
it holds in memory.
"""

from __future__ import annotations

from sqlite3 import Connection
from typing import Any

from .base import OutboxSummary, ResourceStatus, Watermark
from .sqlite_schema import unpack

__all__ = ["outbox_summary", "quarantined", "status"]


def status(db: Connection) -> list[ResourceStatus]:
    """Per-resource status, sorted by instance and resource (without leases)."""
    rows = db.execute(
        "SELECT instance, resource, last_poll_ms, origin, last_success_ms, last_error, "
        "last_error_ms, last_delivery_error, delivered_notifications, delivered_events, "
        "(SELECT COUNT(*) FROM outbox o WHERE o.rid=r.rid AND state='pending'), "
        "(SELECT COUNT(*) FROM outbox o WHERE o.rid=r.rid AND state='dead'), "
        "(SELECT COUNT(*) FROM quarantine q WHERE q.rid=r.rid) "
        "FROM resources r ORDER BY instance, resource"
    ).fetchall()
    return [_status_row(r) for r in rows]


def _status_row(row: tuple[Any, ...]) -> ResourceStatus:
    instance, resource, last_poll, origin, success, error, error_ms, delivery_error = row[:8]
    status = ResourceStatus(instance, resource)
    if last_poll is not None:
        status.watermark = Watermark(last_poll, origin)
    status.last_success_ms, status.last_error, status.last_error_ms = success, error, error_ms
    if delivery_error is not None:
        status.extra["last_delivery_error"] = delivery_error
    status.delivered_notifications, status.delivered_events = row[8], row[9]
    status.pending, status.dead, status.quarantined = row[10], row[11], row[12]
    return status


def outbox_summary(db: Connection) -> OutboxSummary:
    """Pending and dead rows per instance, and the oldest pending body."""
    pending: dict[str, int] = {}
    dead: dict[str, int] = {}
    for instance, state, count in db.execute(
        "SELECT r.instance, o.state, COUNT(*) FROM outbox o JOIN resources r USING (rid) "
        "GROUP BY r.instance, o.state"
    ):
        (pending if state == "pending" else dead)[instance] = int(count)
    row = db.execute(
        "SELECT body, zipped FROM outbox WHERE state='pending' ORDER BY id LIMIT 1"
    ).fetchone()
    return OutboxSummary(pending, dead, unpack(row[0], row[1]) if row else None)


def quarantined(db: Connection, limit: int) -> list[tuple[str, str, str | None, str]]:
    """The latest quarantined records: (instance, resource, object id, reason)."""
    rows = db.execute(
        "SELECT r.instance, r.resource, q.object_id, q.reason FROM quarantine q "
        "JOIN resources r USING (rid) ORDER BY q.id DESC LIMIT ?",
        (limit,),
    ).fetchall()
    return [(r[0], r[1], r[2], r[3]) for r in rows]
