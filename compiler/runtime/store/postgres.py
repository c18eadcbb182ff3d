"""The PostgreSQL store: several ``run`` workers share one database.

Each thread uses its own autocommit connection and explicit transactions.
Poll leases live in ``resources`` (token from the ``fence`` sequence); a page
commits only after ``UPDATE … WHERE lease_token = <its token>`` found the row,
which also holds that row locked until the page is in. Seen keys are inserted
with ``ON CONFLICT DO NOTHING RETURNING`` and notifications are built from the
keys that came back, so a record two workers read is emitted once. Outbox rows
are claimed in batches with ``FOR UPDATE SKIP LOCKED`` and a claim lease, and
acknowledged only with the claim's token. The SQL is in :mod:`.pg_sql`, the
schema and its migrations in :mod:`.pg_schema`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any, TypeVar

import psycopg

from . import pg_page, pg_tokens
from . import pg_sql as sql
from .base import Lease, Page, Pending, ResourceStatus, SeenKey, StateStore, Watermark
from .leases import new_holder
from .pg_schema import check_schema, connect
from .pg_tokens import TokenCell
from .sqlite_schema import unpack
from .uri import redact_uri

__all__ = ["PostgresStore"]

T = TypeVar("T")
Conn = psycopg.Connection[tuple[Any, ...]]
CLAIM_TTL_MS = 120_000  #: a worker that died while delivering frees its rows after this



class PostgresStore(StateStore):
    """State in a PostgreSQL database shared by any number of workers."""

    shared = True

    def __init__(self, uri: str, *, claim_ttl_ms: int = CLAIM_TTL_MS) -> None:
        self.uri = uri
        self.holder = new_holder()
        self.claim_ttl_ms = claim_ttl_ms
        self._local = threading.local()
        self._conns: list[Conn] = []
        self._lock = threading.Lock()
        self._rids: dict[tuple[str, str], int] = {}
        self._names: dict[int, tuple[str, str]] = {}
        try:
            check_schema(self._conn(), uri)
        except BaseException:
            self._close_connections()
            raise

    def __repr__(self) -> str:
        return f"PostgresStore({redact_uri(self.uri)!r})"

    def _conn(self) -> Conn:
        conn: Conn | None = getattr(self._local, "conn", None)
        if conn is None or conn.closed or conn.broken:  # reconnect after a server restart
            conn = connect(self.uri, self.claim_ttl_ms)
            self._local.conn = conn
            with self._lock:
                self._conns.append(conn)
        return conn

    @contextmanager
    def _tx(self) -> Iterator[Conn]:
        conn = self._conn()
        with conn.transaction():
            yield conn

    def _rid(self, instance: str, resource: str) -> int:
        key = (instance, resource)
        rid = self._rids.get(key)
        if rid is None:
            conn = self._conn()
            conn.execute("INSERT INTO resources (instance, resource) VALUES (%s, %s) "
                         "ON CONFLICT DO NOTHING", key)
            row = conn.execute("SELECT rid FROM resources WHERE instance=%s AND resource=%s",
                               key).fetchone()
            assert row is not None
            rid = int(row[0])
            self._remember(rid, instance, resource)
        return rid

    def _name(self, rid: int) -> tuple[str, str]:
        if rid not in self._names:
            # All at once: a delivery process meets every resource of the fleet.
            for row in self._conn().execute("SELECT rid, instance, resource FROM resources"):
                self._remember(*row)
        return self._names[rid]

    def _remember(self, rid: int, instance: str, resource: str) -> None:
        self._rids[(instance, resource)] = rid
        self._names[rid] = (instance, resource)

    # -- polling ---------------------------------------------------------

    def watermark(self, instance: str, resource: str) -> Watermark | None:
        row = self._conn().execute(
            "SELECT last_poll_ms, origin FROM resources WHERE instance=%s AND resource=%s",
            (instance, resource)).fetchone()
        if row is None or row[0] is None:
            return None
        return Watermark(int(row[0]), row[1])

    def watermarks(self, resources: Sequence[tuple[str, str]]) -> dict[tuple[str, str], Watermark]:
        # One round trip: every worker of a fleet reads all of them as it starts.
        rows = self._conn().execute(sql.RIDS, ([i for i, _ in resources],
                                               [r for _, r in resources])).fetchall()
        marks = {}
        for rid, instance, resource, last_poll_ms, origin in rows:
            self._remember(rid, instance, resource)  # saves a lookup per poll later
            if last_poll_ms is not None:
                marks[(instance, resource)] = Watermark(int(last_poll_ms), origin)
        return marks

    def init_watermark(self, instance: str, resource: str, mark: Watermark) -> None:
        rid = self._rid(instance, resource)
        self._conn().execute(
            "UPDATE resources SET last_poll_ms=%s, origin=%s WHERE rid=%s AND last_poll_ms IS NULL",
            (mark.last_poll_ms, mark.origin, rid))

    def init_watermarks(
        self, resources: Sequence[tuple[str, str]], mark: Watermark
    ) -> list[tuple[str, str]]:
        # One statement for the whole plan: a fleet of workers starting together
        # would otherwise spend its first seconds on thousands of round trips.
        for attempt in range(5):
            try:
                return self._init_watermarks(resources, mark)
            except psycopg.errors.DeadlockDetected:
                # Workers starting together may lock the same rows in another order.
                if attempt == 4:
                    raise
                time.sleep(0.1 * (attempt + 1))
        raise AssertionError("unreachable")

    def _init_watermarks(
        self, resources: Sequence[tuple[str, str]], mark: Watermark
    ) -> list[tuple[str, str]]:
        names = ([i for i, _ in resources], [r for _, r in resources])
        db = self._conn()
        with db.pipeline(), db.transaction():
            made = db.execute(sql.INIT_NEW, (mark.last_poll_ms, mark.origin, *names))
            marked = db.execute(sql.INIT_UNMARKED, (mark.last_poll_ms, mark.origin, *names))
            rids = db.execute(sql.RIDS, names)
            fresh = {(r[0], r[1]) for cursor in (made, marked) for r in cursor.fetchall()}
            for rid, instance, resource, _, _ in rids.fetchall():
                self._remember(rid, instance, resource)
        return [key for key in resources if key in fresh]

    def already_seen(self, instance: str, resource: str, keys: Iterable[SeenKey]) -> set[SeenKey]:
        rid = self._rid(instance, resource)
        wanted = set(keys)
        if not wanted:
            return set()
        ids = sorted({object_id for object_id, _ in wanted})
        rows = self._conn().execute(
            "SELECT object_id, updated FROM seen WHERE rid=%s AND object_id = ANY(%s)",
            (rid, ids)).fetchall()
        return {(r[0], r[1]) for r in rows} & wanted

    def acquire_lease(
        self, instance: str, resource: str, holder: str, ttl_ms: int, interval_ms: int = 0
    ) -> Lease | None:
        rid = self._rid(instance, resource)
        row = self._conn().execute(sql.ACQUIRE, {"rid": rid, "holder": holder, "ttl": ttl_ms,
                                                 "interval": interval_ms}).fetchone()
        if row is None:
            return None
        mark = None if row[1] is None else Watermark(int(row[1]), row[2])
        return Lease(instance, resource, holder, int(row[0]), ttl_ms, mark)

    def acquire_leases(
        self, wanted: Sequence[tuple[str, str, int]], holder: str, ttl_ms: int
    ) -> list[Lease]:
        rids = [self._rid(instance, resource) for instance, resource, _ in wanted]
        rows = self._conn().execute(sql.ACQUIRE_MANY, {
            "rids": rids, "intervals": [interval for _, _, interval in wanted],
            "holder": holder, "ttl": ttl_ms}).fetchall()
        out = []
        for rid, token, last_poll_ms, origin in rows:
            instance, resource = self._name(rid)
            mark = None if last_poll_ms is None else Watermark(int(last_poll_ms), origin)
            out.append(Lease(instance, resource, holder, int(token), ttl_ms, mark))
        return out

    def renew_lease(self, lease: Lease) -> bool:
        rid = self._rid(lease.instance, lease.resource)
        cursor = self._conn().execute(sql.CHECK_LEASE, {"rid": rid, "token": lease.token,
                                                        "ttl": lease.ttl_ms})
        return cursor.rowcount == 1

    def release_lease(self, lease: Lease) -> None:
        rid = self._rid(lease.instance, lease.resource)
        self._conn().execute(sql.RELEASE, {"rid": rid, "token": lease.token})

    def commit_page(self, page: Page) -> int:
        return pg_page.commit(self._conn(), self._rid(page.instance, page.resource), page)

    def record_error(self, instance: str, resource: str, message: str) -> None:
        rid = self._rid(instance, resource)
        self._conn().execute("UPDATE resources SET last_error=%s, last_error_ms=%s WHERE rid=%s",
                             (message, int(time.time() * 1000), rid))

    # -- delivery --------------------------------------------------------

    def claim_due(self, now_ms: int, limit: int) -> list[Pending]:
        rows = self._conn().execute(sql.CLAIM, {"now": now_ms, "limit": limit,
                                                "holder": self.holder,
                                                "ttl": self.claim_ttl_ms}).fetchall()
        out = []
        for row_id, webhook, rid, body, zipped, events, attempts, token in sorted(rows):
            instance, resource = self._name(rid)
            out.append(Pending(row_id, webhook, instance, resource, unpack(body, zipped), events,
                               attempts, token))
        return out

    def acknowledge(self, delivered: Sequence[Pending]) -> None:
        if delivered:
            self._conn().execute(sql.ACK, ([r.row_id for r in delivered],
                                           [r.claim for r in delivered]))

    def reschedule(self, row: Pending, next_attempt_ms: int | None, error: str) -> None:
        state = "pending" if next_attempt_ms is not None else "dead"
        self._conn().execute(
            "UPDATE outbox SET attempts=attempts+1, state=%s, next_attempt_ms=%s, last_error=%s, "
            "claim_token=NULL, claim_holder=NULL, claim_expires_ms=NULL "
            "WHERE id=%s AND claim_token=%s",
            (state, next_attempt_ms or 0, error, row.row_id, row.claim))

    def release_leases(self) -> None:
        # Claims of dead workers expire on their own (claim_ttl_ms); ours are released.
        self._conn().execute("UPDATE outbox SET claim_token=NULL, claim_holder=NULL, "
                             "claim_expires_ms=NULL WHERE claim_holder=%s", (self.holder,))

    def next_due_ms(self) -> int | None:
        row = self._conn().execute(
            "SELECT min(next_attempt_ms) FROM outbox WHERE state='pending'").fetchone()
        return None if row is None or row[0] is None else int(row[0])

    def pending_count(self) -> int:
        # Rows another live worker has claimed are its business: a worker drains
        # what it can claim, plus what it holds.
        row = self._conn().execute(
            "SELECT count(*) FROM outbox WHERE state='pending' AND (claim_holder IS NULL "
            f"OR claim_holder=%s OR claim_expires_ms <= {sql.NOW_MS})", (self.holder,)).fetchone()
        return 0 if row is None else int(row[0])

    def requeue_dead(self) -> int:
        return self._conn().execute(
            "UPDATE outbox SET state='pending', attempts=0, next_attempt_ms=0 "
            "WHERE state='dead'").rowcount

    def due_now(self) -> int:
        return self._conn().execute(
            "UPDATE outbox SET next_attempt_ms=0 WHERE state='pending' AND next_attempt_ms>0"
        ).rowcount

    # -- credentials (the SQL is in pg_tokens.py) -----------------------

    def load_refresh_token(self, instance: str) -> str | None:
        """The instance's current refresh token (a secret: never log it)."""
        return pg_tokens.load(self._conn(), instance)

    def save_refresh_token(self, instance: str, token: str) -> None:
        """Store a refresh token obtained outside :meth:`rotate_refresh_token` (first grant)."""
        pg_tokens.save(self._conn(), instance, token)

    def rotate_refresh_token(self, instance: str, refresh: Callable[[str], tuple[str, T]]) -> T:
        """Spend the instance's refresh token under a row lock and keep the rotated one
        (see :func:`.pg_tokens.rotate`): two workers never spend the same token."""
        return pg_tokens.rotate(self._conn(), instance, refresh)

    @contextmanager
    def locked_refresh_token(self, key: str) -> Iterator[TokenCell]:
        """Hold ``key``'s refresh token row for the block (see :func:`.pg_tokens.locked`):
        set ``cell.token`` to store a rotated token, committed as the block ends."""
        with pg_tokens.locked(self._conn(), key) as cell:
            yield cell

    def seed_refresh_token(self, key: str, token: str) -> None:
        """Store ``token`` for ``key`` unless the database already holds one (it is newer)."""
        pg_tokens.seed(self._conn(), key, token)

    # -- reporting -------------------------------------------------------

    def status(self) -> list[ResourceStatus]:
        out = []
        for row in self._conn().execute(sql.STATUS).fetchall():
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

    def quarantined(self, limit: int = 100) -> list[tuple[str, str, str | None, str]]:
        """The latest quarantined records: (instance, resource, object id, reason)."""
        rows = self._conn().execute(
            "SELECT r.instance, r.resource, q.object_id, q.reason FROM quarantine q "
            "JOIN resources r USING (rid) ORDER BY q.id DESC LIMIT %s", (limit,)).fetchall()
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    def close(self) -> None:
        with suppress(psycopg.Error):  # else the claims expire on their own
            self.release_leases()
        self._close_connections()

    def _close_connections(self) -> None:
        with self._lock:
            conns, self._conns = self._conns, []
        for conn in conns:
            conn.close()
