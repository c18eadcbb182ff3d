"""The SQLite state store: one file in WAL mode, created with mode 0600.

``synchronous=NORMAL`` is enough for at-least-once: a process crash keeps
every commit, and a power loss can only roll back whole transactions, each of
which keeps outbox rows, seen keys and watermark consistent (a rolled-back
page is simply polled again, a rolled-back acknowledgement is sent again).

``run`` holds an exclusive ``flock`` on ``<state>.lock`` so that two runtimes
never share a file; ``status`` and ``events replay`` open it without the lock.
So poll leases live in memory (:mod:`.leases`); several workers need the
PostgreSQL store.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from ..errors import StateFileError
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
from .sqlite_schema import CHUNK, SCHEMA, SCHEMA_VERSION, digest, pack, unpack

__all__ = ["SqliteStore", "lock_state"]


def lock_state(path: Path) -> IO[bytes]:
    """Hold ``<state>.lock`` exclusively (one runtime per state file) until closed."""
    handle = open(f"{path}.lock", "ab")  # noqa: SIM115 - the caller holds it open
    os.chmod(handle.name, 0o600)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise StateFileError(f"another sage200cfg run is using state file {path}") from None
    return handle


def _create_private(path: Path) -> None:
    # Create the file ourselves so it is 0600 from its first byte; SQLite
    # gives the -wal and -shm files the same mode.
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)


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
            if not self.path.exists():
                _create_private(self.path)
            self._db = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=10
            )
            self._setup_retrying()
        except (OSError, sqlite3.Error) as exc:
            raise StateFileError(f"cannot use state file {self.path}: {exc}") from None

    def _setup_retrying(self) -> None:
        # Two processes opening a new file at once (run and its delivery child)
        # can meet SQLITE_BUSY while one switches it to WAL; the busy timeout
        # does not cover that switch, so try again briefly.
        for attempt in range(50):
            try:
                self._setup()
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or attempt == 49:
                    raise
                time.sleep(0.05)

    def _setup(self) -> None:
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)
        row = self._db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        if row is None:
            self._db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        elif row[0] != SCHEMA_VERSION:
            raise StateFileError(
                f"state file {self.path} has layout {row[0]}; this version reads {SCHEMA_VERSION}"
            )

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
        # One process writes this file and already_seen filtered the page, so
        # every key is new: build from all of them.
        notes = page.build([key for key, _ in page.seen]) if page.build else page.notifications
        rows = [(n.webhook_id, rid, *pack(n.body), n.events) for n in notes]
        with self._tx() as db:
            if page.lease is not None:
                self._polls.check(page.lease)
            db.executemany(
                "INSERT OR IGNORE INTO outbox (webhook_id, rid, body, zipped, events) "
                "VALUES (?, ?, ?, ?, ?)",
                rows,
            )
            db.executemany(
                "INSERT OR IGNORE INTO seen VALUES (?, ?, ?, ?)",
                [(rid, oid, upd, fil) for (oid, upd), fil in page.seen],
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
                db.execute("DELETE FROM seen WHERE rid=? AND filter_ms<?",
                           (rid, page.prune_before_ms))
        if page.lease is not None and page.advance_to is not None:
            self._polls.release(page.lease)  # the poll is done
        return len(page.seen)

    def record_error(self, instance: str, resource: str, message: str) -> None:
        rid = self._rid(instance, resource)
        with self._tx() as db:
            db.execute("UPDATE resources SET last_error=?, last_error_ms=? WHERE rid=?",
                       (message, int(time.time() * 1000), rid))

    # -- delivery --------------------------------------------------------

    def claim_due(self, now_ms: int, limit: int) -> list[Pending]:
        with self._lock:
            ids = [
                r[0] for r in self._db.execute(
                    "SELECT id FROM outbox WHERE state='pending' AND next_attempt_ms<=? "
                    "ORDER BY next_attempt_ms, id LIMIT ?",
                    (now_ms, limit + len(self._leased)),
                ) if r[0] not in self._leased
            ][:limit]
            if not ids:
                return []
            self._leased.update(ids)
            rows = self._db.execute(
                "SELECT o.id, o.webhook_id, r.instance, r.resource, o.body, o.zipped, o.events, "
                "o.attempts "
                "FROM outbox o JOIN resources r USING (rid) "
                f"WHERE o.id IN ({','.join('?' * len(ids))}) ORDER BY o.id",
                ids,
            ).fetchall()
        return [Pending(r[0], r[1], r[2], r[3], unpack(r[4], r[5]), r[6], r[7]) for r in rows]

    def acknowledge(self, delivered: Sequence[Pending]) -> None:
        if not delivered:
            return
        counts: Counter[int] = Counter()
        events: Counter[int] = Counter()
        for row in delivered:
            rid = self._rid(row.instance, row.resource)
            counts[rid] += 1
            events[rid] += row.events
        with self._tx() as db:
            db.executemany("DELETE FROM outbox WHERE id=?", [(r.row_id,) for r in delivered])
            db.executemany(
                "UPDATE resources SET delivered_notifications=delivered_notifications+?, "
                "delivered_events=delivered_events+?, last_delivery_error=NULL WHERE rid=?",
                [(n, events[rid], rid) for rid, n in counts.items()],
            )
            self._leased.difference_update(r.row_id for r in delivered)

    def reschedule(self, row: Pending, next_attempt_ms: int | None, error: str) -> None:
        state = "pending" if next_attempt_ms is not None else "dead"
        rid = self._rid(row.instance, row.resource)
        with self._tx() as db:
            db.execute(
                "UPDATE outbox SET attempts=attempts+1, state=?, next_attempt_ms=?, "
                "last_error=? WHERE id=?",
                (state, next_attempt_ms or 0, error, row.row_id),
            )
            db.execute("UPDATE resources SET last_delivery_error=? WHERE rid=?", (error, rid))
            self._leased.discard(row.row_id)

    def release_leases(self) -> None:
        # Leases live in memory, under the exclusive flock: a new process has none.
        with self._lock:
            self._leased.clear()

    def next_due_ms(self) -> int | None:
        with self._lock:
            row = self._db.execute(
                "SELECT MIN(next_attempt_ms) FROM outbox WHERE state='pending'"
            ).fetchone()
        return None if row[0] is None else int(row[0])

    def pending_count(self) -> int:
        with self._lock:
            row = self._db.execute("SELECT COUNT(*) FROM outbox WHERE state='pending'").fetchone()
        return int(row[0])

    def requeue_dead(self) -> int:
        with self._tx() as db:
            cursor = db.execute(
                "UPDATE outbox SET state='pending', attempts=0, next_attempt_ms=0 "
                "WHERE state='dead'"
            )
            return cursor.rowcount

    def due_now(self) -> int:
        with self._tx() as db:
            cursor = db.execute(
                "UPDATE outbox SET next_attempt_ms=0 WHERE state='pending' AND next_attempt_ms>0"
            )
            return cursor.rowcount

    # -- reporting -------------------------------------------------------

    def status(self) -> list[ResourceStatus]:
        with self._lock:
            rows = self._db.execute(
                "SELECT instance, resource, last_poll_ms, origin, last_success_ms, last_error, "
                "last_error_ms, last_delivery_error, delivered_notifications, delivered_events, "
                "(SELECT COUNT(*) FROM outbox o WHERE o.rid=r.rid AND state='pending'), "
                "(SELECT COUNT(*) FROM outbox o WHERE o.rid=r.rid AND state='dead'), "
                "(SELECT COUNT(*) FROM quarantine q WHERE q.rid=r.rid) "
                "FROM resources r ORDER BY instance, resource"
            ).fetchall()
        out = [_status_row(r) for r in rows]
        for row in out:
            held = self._polls.holder(row.instance, row.resource)
            if held is not None:
                row.lease_holder, row.lease_expires_ms = held
        return out

    def outbox_summary(self) -> OutboxSummary:
        pending: dict[str, int] = {}
        dead: dict[str, int] = {}
        with self._lock:
            for instance, state, count in self._db.execute(
                "SELECT r.instance, o.state, COUNT(*) FROM outbox o JOIN resources r USING (rid) "
                "GROUP BY r.instance, o.state"
            ):
                (pending if state == "pending" else dead)[instance] = int(count)
            row = self._db.execute(
                "SELECT body, zipped FROM outbox WHERE state='pending' ORDER BY id LIMIT 1"
            ).fetchone()
        return OutboxSummary(pending, dead, unpack(row[0], row[1]) if row else None)

    def quarantined(self, limit: int = 100) -> list[tuple[str, str, str | None, str]]:
        """The latest quarantined records: (instance, resource, object id, reason)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT r.instance, r.resource, q.object_id, q.reason FROM quarantine q "
                "JOIN resources r USING (rid) ORDER BY q.id DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    def close(self) -> None:
        with self._lock:
            self._db.close()
            if self._flock is not None:
                self._flock.close()
                self._flock = None


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
