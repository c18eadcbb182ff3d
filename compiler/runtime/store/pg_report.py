"""What the PostgreSQL store reports: per-resource status and quarantined records.

Functions of one connection, for ``status``, the metrics and the status page.
Delivered counts are summed from ``deliveries`` (acknowledgements insert rows
there rather than update a shared counter), and a lease shows only while live.
"""

from __future__ import annotations

from typing import Any

import psycopg

from .base import ResourceStatus, Watermark
from .pg_sql import NOW_MS

__all__ = ["STATUS", "quarantined", "status"]

Conn = psycopg.Connection[tuple[Any, ...]]

STATUS = f"""
SELECT r.instance, r.resource, r.last_poll_ms, r.origin, r.last_success_ms, r.last_error,
  r.last_error_ms,
  (SELECT o.last_error FROM outbox o WHERE o.rid = r.rid AND o.last_error IS NOT NULL
   ORDER BY o.id DESC LIMIT 1),
  coalesce(d.n, 0), coalesce(d.e, 0), coalesce(b.p, 0), coalesce(b.x, 0), coalesce(q.n, 0),
  CASE WHEN r.lease_expires_ms > {NOW_MS} THEN r.lease_holder END,
  CASE WHEN r.lease_expires_ms > {NOW_MS} THEN r.lease_expires_ms END
FROM resources r
LEFT JOIN (SELECT rid, sum(notifications) n, sum(events) e FROM deliveries GROUP BY rid) d
  USING (rid)
LEFT JOIN (SELECT rid, count(*) FILTER (WHERE state = 'pending') p,
                  count(*) FILTER (WHERE state = 'dead') x FROM outbox GROUP BY rid) b
  USING (rid)
LEFT JOIN (SELECT rid, count(*) n FROM quarantine GROUP BY rid) q USING (rid)
ORDER BY r.instance, r.resource
"""


def status(conn: Conn) -> list[ResourceStatus]:
    """Per-resource status, sorted by instance and resource."""
    out = []
    for row in conn.execute(STATUS).fetchall():
        status = ResourceStatus(row[0], row[1])
        if row[2] is not None:
            status.watermark = Watermark(int(row[2]), row[3])
        status.last_success_ms, status.last_error, status.last_error_ms = row[4:7]
        if row[7] is not None:
            status.extra["last_delivery_error"] = row[7]
        status.delivered_notifications, status.delivered_events = int(row[8]), int(row[9])
        status.pending, status.dead, status.quarantined = int(row[10]), int(row[11]), int(
            row[12])
        status.lease_holder, status.lease_expires_ms = row[13], row[14]
        out.append(status)
    return out


def quarantined(conn: Conn, limit: int) -> list[tuple[str, str, str | None, str]]:
    """The latest quarantined records: (instance, resource, object id, reason)."""
    rows = conn.execute(
        "SELECT r.instance, r.resource, q.object_id, q.reason FROM quarantine q "
        "JOIN resources r USING (rid) ORDER BY q.id DESC LIMIT %s", (limit,)).fetchall()
    return [(r[0], r[1], r[2], r[3]) for r in rows]
