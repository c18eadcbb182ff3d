"""One poll page into the SQLite store, in one transaction of the caller's.

The outbox rows, seen keys, quarantined records, watermark and pruning of a
page commit together, so a crash leaves either all of them or none (the page
is then polled again). One process writes the file (the run holds its flock)
and ``already_seen`` filtered the page, so every key in it is new.
"""

from __future__ import annotations

from sqlite3 import Connection
from typing import Any

from .base import Page
from .sqlite_schema import digest, pack

__all__ = ["outbox_rows", "write"]


def outbox_rows(rid: int, page: Page) -> list[tuple[Any, ...]]:
    """The page's notifications as outbox rows, bodies packed (before the lock is taken)."""
    # Every key is new (see above): build from all of them.
    notes = page.build([key for key, _ in page.seen]) if page.build else page.notifications
    return [(n.webhook_id, rid, *pack(n.body), n.events) for n in notes]


def write(db: Connection, rid: int, page: Page, rows: list[tuple[Any, ...]]) -> None:
    """Everything the page changes; the caller holds the transaction and checked the lease."""
    db.executemany(
        "INSERT OR IGNORE INTO outbox (webhook_id, rid, body, zipped, events) "
        "VALUES (?, ?, ?, ?, ?)",
        rows,
    )
    # Keys the last page prunes below cannot be read again: not stored at all.
    keep = page.prune_before_ms
    db.executemany(
        "INSERT OR IGNORE INTO seen VALUES (?, ?, ?, ?)",
        [(rid, oid, upd, fil) for (oid, upd), fil in page.seen if keep is None or fil >= keep],
    )
    db.executemany(
        "INSERT OR IGNORE INTO quarantine (rid, object_id, reason, record, digest) "
        "VALUES (?, ?, ?, ?, ?)",
        [(rid, q.object_id, q.reason, q.record, digest(rid, q.record))
         for q in page.quarantined],
    )
    if page.advance_to is not None:
        mark = page.advance_to
        db.execute(
            "UPDATE resources SET last_poll_ms=?, origin=?, last_success_ms=?, "
            "last_error=NULL, last_error_ms=NULL WHERE rid=?",
            (mark.last_poll_ms, mark.origin, mark.last_poll_ms, rid),
        )
    if page.prune_before_ms is not None:
        db.execute("DELETE FROM seen WHERE rid=? AND filter_ms<?", (rid, page.prune_before_ms))
