"""The SQLite state store: one file in WAL mode, created with mode 0600.

``synchronous=NORMAL`` is enough for at-least-once: a process crash keeps
every commit, and a power loss can only roll back whole transactions, each of
which keeps outbox rows, seen keys and watermark consistent (a rolled-back
page is simply polled again, a rolled-back acknowledgement is sent again).

``run`` holds an exclusive ``flock`` on ``<state>.lock`` so that two runtimes
never share a file; ``status`` and ``events replay`` open it without the lock.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from .errors import StateFileError
from .store import Page, Pending, ResourceStatus, SeenKey, StateStore, Watermark

__all__ = ["SqliteStore"]

SCHEMA_VERSION = "1"
_LEASE_MS = 3_600_000
_CHUNK = 400

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS resources (
  instance TEXT NOT NULL, resource TEXT NOT NULL,
  last_poll_ms INTEGER, origin TEXT, last_success_ms INTEGER,
  last_error TEXT, last_error_ms INTEGER, last_delivery_error TEXT,
  delivered_notifications INTEGER NOT NULL DEFAULT 0,
  delivered_events INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (instance, resource));
CREATE TABLE IF NOT EXISTS seen (
  instance TEXT NOT NULL, resource TEXT NOT NULL, object_id TEXT NOT NULL,
  updated_ms INTEGER NOT NULL, filter_ms INTEGER NOT NULL,
  PRIMARY KEY (instance, resource, object_id, updated_ms)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS seen_age ON seen (instance, resource, filter_ms);
CREATE TABLE IF NOT EXISTS outbox (
  id INTEGER PRIMARY KEY, webhook_id TEXT NOT NULL UNIQUE,
  instance TEXT NOT NULL, resource TEXT NOT NULL, body BLOB NOT NULL,
  events INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL DEFAULT 'pending', next_attempt_ms INTEGER NOT NULL DEFAULT 0,
  leased_until_ms INTEGER NOT NULL DEFAULT 0, last_error TEXT);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (state, next_attempt_ms);
CREATE TABLE IF NOT EXISTS quarantine (
  id INTEGER PRIMARY KEY, instance TEXT NOT NULL, resource TEXT NOT NULL,
  object_id TEXT, reason TEXT NOT NULL, record TEXT NOT NULL, digest TEXT NOT NULL UNIQUE);
"""


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
        self._flock: IO[bytes] | None = None
        try:
            if exclusive:
                self._take_flock()
            if not self.path.exists():
                _create_private(self.path)
            self._db = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=10
            )
            self._setup()
        except (OSError, sqlite3.Error) as exc:
            raise StateFileError(f"cannot use state file {self.path}: {exc}") from None

    def _take_flock(self) -> None:
        self._flock = open(f"{self.path}.lock", "ab")  # noqa: SIM115 - held until close()
        os.chmod(self._flock.name, 0o600)
        try:
            fcntl.flock(self._flock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._flock.close()
            raise StateFileError(
                f"another sage200cfg run is using state file {self.path}"
            ) from None

    def _setup(self) -> None:
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
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

    def _ensure(self, db: sqlite3.Connection, instance: str, resource: str) -> None:
        db.execute(
            "INSERT OR IGNORE INTO resources (instance, resource) VALUES (?, ?)",
            (instance, resource),
        )

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

    def init_watermark(self, instance: str, resource: str, mark: Watermark) -> None:
        with self._tx() as db:
            self._ensure(db, instance, resource)
            db.execute(
                "UPDATE resources SET last_poll_ms=?, origin=? "
                "WHERE instance=? AND resource=? AND last_poll_ms IS NULL",
                (mark.last_poll_ms, mark.origin, instance, resource),
            )

    def already_seen(self, instance: str, resource: str, keys: Iterable[SeenKey]) -> set[SeenKey]:
        wanted = list(keys)
        found: set[SeenKey] = set()
        with self._lock:
            for start in range(0, len(wanted), _CHUNK):
                chunk = wanted[start : start + _CHUNK]
                values = ",".join("(?,?)" for _ in chunk)
                params: list[object] = [instance, resource]
                for object_id, updated in chunk:
                    params += (object_id, updated)
                rows = self._db.execute(
                    "SELECT object_id, updated_ms FROM seen WHERE instance=? AND resource=? "
                    f"AND (object_id, updated_ms) IN (VALUES {values})",
                    params,
                )
                found.update((str(r[0]), int(r[1])) for r in rows)
        return found

    def commit_page(self, page: Page) -> None:
        key = (page.instance, page.resource)
        with self._tx() as db:
            self._ensure(db, *key)
            db.executemany(
                "INSERT OR IGNORE INTO outbox (webhook_id, instance, resource, body, events) "
                "VALUES (?, ?, ?, ?, ?)",
                [(n.webhook_id, *key, n.body, n.events) for n in page.notifications],
            )
            db.executemany(
                "INSERT OR IGNORE INTO seen VALUES (?, ?, ?, ?, ?)",
                [(*key, oid, upd, fil) for (oid, upd), fil in page.seen],
            )
            db.executemany(
                "INSERT OR IGNORE INTO quarantine (instance, resource, object_id, reason, "
                "record, digest) VALUES (?, ?, ?, ?, ?, ?)",
                [(*key, q.object_id, q.reason, q.record, _digest(key, q.record))
                 for q in page.quarantined],
            )
            if page.advance_to is not None:
                mark = page.advance_to
                db.execute(
                    "UPDATE resources SET last_poll_ms=?, origin=?, last_success_ms=?, "
                    "last_error=NULL, last_error_ms=NULL WHERE instance=? AND resource=?",
                    (mark.last_poll_ms, mark.origin, mark.last_poll_ms, *key),
                )
            if page.prune_before_ms is not None:
                db.execute(
                    "DELETE FROM seen WHERE instance=? AND resource=? AND filter_ms<?",
                    (*key, page.prune_before_ms),
                )

    def record_error(self, instance: str, resource: str, message: str) -> None:
        with self._tx() as db:
            self._ensure(db, instance, resource)
            db.execute(
                "UPDATE resources SET last_error=?, last_error_ms=? "
                "WHERE instance=? AND resource=?",
                (message, int(time.time() * 1000), instance, resource),
            )

    # -- delivery --------------------------------------------------------

    def claim_due(self, now_ms: int, limit: int) -> list[Pending]:
        with self._tx() as db:
            rows = db.execute(
                "SELECT id, webhook_id, instance, resource, body, events, attempts FROM outbox "
                "WHERE state='pending' AND next_attempt_ms<=? AND leased_until_ms=0 "
                "ORDER BY id LIMIT ?",
                (now_ms, limit),
            ).fetchall()
            db.executemany(
                "UPDATE outbox SET leased_until_ms=? WHERE id=?",
                [(now_ms + _LEASE_MS, r[0]) for r in rows],
            )
        return [Pending(r[0], r[1], r[2], r[3], bytes(r[4]), r[5], r[6]) for r in rows]

    def acknowledge(self, delivered: Sequence[Pending]) -> None:
        if not delivered:
            return
        counts: Counter[tuple[str, str]] = Counter()
        events: Counter[tuple[str, str]] = Counter()
        for row in delivered:
            counts[(row.instance, row.resource)] += 1
            events[(row.instance, row.resource)] += row.events
        with self._tx() as db:
            db.executemany("DELETE FROM outbox WHERE id=?", [(r.row_id,) for r in delivered])
            db.executemany(
                "UPDATE resources SET delivered_notifications=delivered_notifications+?, "
                "delivered_events=delivered_events+?, last_delivery_error=NULL "
                "WHERE instance=? AND resource=?",
                [(n, events[k], *k) for k, n in counts.items()],
            )

    def reschedule(self, row: Pending, next_attempt_ms: int | None, error: str) -> None:
        state = "pending" if next_attempt_ms is not None else "dead"
        with self._tx() as db:
            db.execute(
                "UPDATE outbox SET attempts=attempts+1, state=?, next_attempt_ms=?, "
                "leased_until_ms=0, last_error=? WHERE id=?",
                (state, next_attempt_ms or 0, error, row.row_id),
            )
            db.execute(
                "UPDATE resources SET last_delivery_error=? WHERE instance=? AND resource=?",
                (error, row.instance, row.resource),
            )

    def release_leases(self) -> None:
        with self._tx() as db:
            db.execute("UPDATE outbox SET leased_until_ms=0 WHERE leased_until_ms<>0")

    def next_due_ms(self) -> int | None:
        with self._lock:
            row = self._db.execute(
                "SELECT MIN(next_attempt_ms) FROM outbox WHERE state='pending' "
                "AND leased_until_ms=0"
            ).fetchone()
        return None if row[0] is None else int(row[0])

    def pending_count(self) -> int:
        with self._lock:
            row = self._db.execute("SELECT COUNT(*) FROM outbox WHERE state='pending'").fetchone()
        return int(row[0])

    def requeue_dead(self) -> int:
        with self._tx() as db:
            cursor = db.execute(
                "UPDATE outbox SET state='pending', attempts=0, next_attempt_ms=0, "
                "leased_until_ms=0 WHERE state='dead'"
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
                "last_error_ms, last_delivery_error, delivered_notifications, delivered_events "
                "FROM resources ORDER BY instance, resource"
            ).fetchall()
            outbox = self._db.execute(
                "SELECT instance, resource, state, COUNT(*) FROM outbox "
                "GROUP BY instance, resource, state"
            ).fetchall()
            quarantine = self._db.execute(
                "SELECT instance, resource, COUNT(*) FROM quarantine GROUP BY instance, resource"
            ).fetchall()
        result = {(r[0], r[1]): _status_row(r) for r in rows}
        for instance, resource, state, count in outbox:
            entry = result.setdefault((instance, resource), ResourceStatus(instance, resource))
            if state == "dead":
                entry.dead = count
            else:
                entry.pending = count
        for instance, resource, count in quarantine:
            result.setdefault((instance, resource), ResourceStatus(instance, resource))
            result[(instance, resource)].quarantined = count
        return [result[k] for k in sorted(result)]

    def quarantined(self, limit: int = 100) -> list[tuple[str, str, str | None, str]]:
        """The latest quarantined records: (instance, resource, object id, reason)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT instance, resource, object_id, reason FROM quarantine "
                "ORDER BY id DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    def close(self) -> None:
        with self._lock:
            self._db.close()
            if self._flock is not None:
                self._flock.close()
                self._flock = None


def _digest(key: tuple[str, str], record: str) -> str:
    return hashlib.sha256("\0".join((*key, record)).encode()).hexdigest()


def _status_row(row: tuple[object, ...]) -> ResourceStatus:
    instance, resource, last_poll, origin, success, error, error_ms, delivery_error = row[:8]
    status = ResourceStatus(str(instance), str(resource))
    if last_poll is not None:
        status.watermark = Watermark(int(str(last_poll)), str(origin))
    status.last_success_ms = None if success is None else int(str(success))
    status.last_error = None if error is None else str(error)
    status.last_error_ms = None if error_ms is None else int(str(error_ms))
    if delivery_error is not None:
        status.extra["last_delivery_error"] = str(delivery_error)
    status.delivered_notifications = int(str(row[8]))
    status.delivered_events = int(str(row[9]))
    return status
