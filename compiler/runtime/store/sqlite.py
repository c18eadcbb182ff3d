"""The SQLite state store: one file in WAL mode, created with mode 0600.

``synchronous=NORMAL`` is enough for at-least-once: a process crash keeps
every commit, and a power loss can only roll back whole transactions, each of
which keeps outbox rows, seen keys and watermark consistent (a rolled-back
page is simply polled again, a rolled-back acknowledgement is sent again).

``run`` holds an exclusive ``flock`` on ``<state>.lock`` so that two runtimes
never share a file; ``status`` and ``events replay`` open it without the lock.
So poll leases live in memory (:mod:`.leases`); several workers need the
PostgreSQL store. Opening the file is in :mod:`.sqlite_file`, a page's commit
in :mod:`.sqlite_page`, the outbox SQL in :mod:`.sqlite_outbox`, the reporting
queries in :mod:`.sqlite_report`.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from ..errors import StateFileError
from . import sqlite_outbox as outbox
from . import sqlite_page
from . import sqlite_report as report
from .base import (
    Lease,
    OutboxSummary,
    Page,
    Pending,
    ResourceStatus,
    SeenKey,
    StateStore,
    Watermark,
)
from .leases import MemoryLeases
from .sqlite_file import connect, lock_state
from .sqlite_schema import CHUNK

__all__ = ["SqliteStore", "lock_state"]


class SqliteStore(StateStore):
    """State in one SQLite file; see the module docstring for the guarantees."""

    def __init__(self, path: str | os.PathLike[str], *, exclusive: bool = False) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        self._rids: dict[tuple[str, str], int] = {}
        self._leased: set[int] = set()  # in flight in this process (we hold the flock)
        self._polls = MemoryLeases()
        self._flock: IO[bytes] | None = None
        try:
            if exclusive:
                self._flock = lock_state(self.path)
            self._db = connect(self.path)
        except (OSError, sqlite3.Error) as exc:
            raise StateFileError(f"cannot use state file {self.path}: {exc}") from None

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _rid(self, instance: str, resource: str) -> int:
        key = (instance, resource)
        rid = self._rids.get(key)
        if rid is None:
            with self._lock:
                self._db.execute(
                    "INSERT OR IGNORE INTO resources (instance, resource) VALUES (?, ?)", key
                )
                row = self._db.execute(
                    "SELECT rid FROM resources WHERE instance=? AND resource=?", key
                ).fetchone()
            rid = self._rids[key] = int(row[0])
        return rid

    # -- polling ---------------------------------------------------------

    def watermark(self, instance: str, resource: str) -> Watermark | None:
        with self._lock:
            row = self._db.execute(
                "SELECT last_poll_ms, origin FROM resources WHERE instance=? AND resource=?",
                (instance, resource),
            ).fetchone()
        if row is None or row[0] is None:
            return None
        return Watermark(row[0], row[1])

    def watermarks(self, resources: Sequence[tuple[str, str]]) -> dict[tuple[str, str], Watermark]:
        wanted = set(resources)
        with self._lock:
            rows = self._db.execute("SELECT instance, resource, last_poll_ms, origin "
                                    "FROM resources WHERE last_poll_ms IS NOT NULL").fetchall()
        return {(i, r): Watermark(ms, origin) for i, r, ms, origin in rows if (i, r) in wanted}

    def init_watermark(self, instance: str, resource: str, mark: Watermark) -> None:
        rid = self._rid(instance, resource)
        with self._tx() as db:
            db.execute(
                "UPDATE resources SET last_poll_ms=?, origin=? "
                "WHERE rid=? AND last_poll_ms IS NULL",
                (mark.last_poll_ms, mark.origin, rid),
            )

    def already_seen(self, instance: str, resource: str, keys: Iterable[SeenKey]) -> set[SeenKey]:
        rid = self._rid(instance, resource)
        wanted = set(keys)
        ids = sorted({object_id for object_id, _ in wanted})
        found: set[SeenKey] = set()
        with self._lock:
            for start in range(0, len(ids), CHUNK):
                chunk = ids[start : start + CHUNK]
                rows = self._db.execute(
                    "SELECT object_id, updated FROM seen WHERE rid=? "
                    f"AND object_id IN ({','.join('?' * len(chunk))})",
                    [rid, *chunk],
                )
                found.update(key for key in rows if key in wanted)
        return found

    def acquire_lease(
        self, instance: str, resource: str, holder: str, ttl_ms: int, interval_ms: int = 0
    ) -> Lease | None:
        if interval_ms > 0:
            mark = self.watermark(instance, resource)
            if (mark is not None and mark.origin == "poll"
                    and mark.last_poll_ms > time.time() * 1000 - interval_ms):
                return None
        return self._polls.acquire(instance, resource, holder, ttl_ms)

    def renew_lease(self, lease: Lease) -> bool:
        return self._polls.renew(lease)

    def release_lease(self, lease: Lease) -> None:
        self._polls.release(lease)

    def commit_page(self, page: Page) -> int:
        rid = self._rid(page.instance, page.resource)
        rows = sqlite_page.outbox_rows(rid, page)
        with self._tx() as db:
            if page.lease is not None:
                self._polls.check(page.lease)
            sqlite_page.write(db, rid, page, rows)
        if page.lease is not None and page.advance_to is not None:
            self._polls.release(page.lease)  # the poll is done
        return len(page.seen)

    def record_error(self, instance: str, resource: str, message: str) -> None:
        rid = self._rid(instance, resource)
        with self._tx() as db:
            db.execute("UPDATE resources SET last_error=?, last_error_ms=? WHERE rid=?",
                       (message, int(time.time() * 1000), rid))

    # -- delivery (the SQL is in sqlite_outbox.py) -----------------------

    def claim_due(self, now_ms: int, limit: int) -> list[Pending]:
        with self._lock:
            rows = outbox.claim(self._db, now_ms, limit, self._leased)
        return outbox.pending(rows)

    def acknowledge(self, delivered: Sequence[Pending]) -> None:
        if not delivered:
            return
        counted = outbox.totals(delivered, self._rid)
        with self._tx() as db:
            outbox.acknowledge(db, delivered, counted)
            self._leased.difference_update(r.row_id for r in delivered)

    def reschedule(self, row: Pending, next_attempt_ms: int | None, error: str) -> None:
        rid = self._rid(row.instance, row.resource)
        with self._tx() as db:
            outbox.reschedule(db, row.row_id, rid, next_attempt_ms, error)
            self._leased.discard(row.row_id)

    def release_leases(self) -> None:
        # Leases live in memory, under the exclusive flock: a new process has none.
        with self._lock:
            self._leased.clear()

    def next_due_ms(self) -> int | None:
        with self._lock:
            return outbox.next_due_ms(self._db)

    def pending_count(self) -> int:
        with self._lock:
            return outbox.pending_count(self._db)

    def requeue_dead(self) -> int:
        with self._tx() as db:
            return outbox.requeue_dead(db)

    def due_now(self) -> int:
        with self._tx() as db:
            return outbox.due_now(db)

    # -- reporting (the SQL is in sqlite_report.py) ----------------------

    def status(self) -> list[ResourceStatus]:
        with self._lock:
            out = report.status(self._db)
        for row in out:
            held = self._polls.holder(row.instance, row.resource)
            if held is not None:
                row.lease_holder, row.lease_expires_ms = held
        return out

    def outbox_summary(self) -> OutboxSummary:
        with self._lock:
            return report.outbox_summary(self._db)

    def quarantined(self, limit: int = 100) -> list[tuple[str, str, str | None, str]]:
        """The latest quarantined records: (instance, resource, object id, reason)."""
        with self._lock:
            return report.quarantined(self._db, limit)

    def close(self) -> None:
        with self._lock:
            self._db.close()
            if self._flock is not None:
                self._flock.close()
                self._flock = None
