"""The PostgreSQL store: several ``run`` workers share one database.

Each thread uses its own autocommit connection and explicit transactions (the
delivery process's threads, whose statements stand alone, share one: see
:mod:`.pg_conns`).
Poll leases live in ``resources`` (token from the ``fence`` sequence); a page
commits only after ``UPDATE … WHERE lease_token = <its token>`` found the row,
which also holds that row locked until the page is in. Seen keys are inserted
with ``ON CONFLICT DO NOTHING RETURNING`` and notifications are built from the
keys that came back, so a record two workers read is emitted once. Outbox rows
are claimed in batches with ``FOR UPDATE SKIP LOCKED`` and a claim lease, and
acknowledged only with the claim's token. The SQL is in :mod:`.pg_sql` and in
the helpers by concern: :mod:`.pg_marks` (watermarks), :mod:`.pg_page` (a page's
commit), :mod:`.pg_outbox` (claims and acknowledgements), :mod:`.pg_tokens`
(refresh tokens), :mod:`.pg_report` (status); the schema and its migrations
are in :mod:`.pg_schema`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any, TypeVar

import psycopg

from . import pg_marks, pg_outbox, pg_page, pg_report, pg_tokens
from . import pg_sql as sql
from .base import Lease, Page, Pending, ResourceStatus, SeenKey, StateStore, Watermark
from .leases import new_holder
from .pg_conns import Connections
from .pg_schema import check_schema
from .pg_tokens import TokenCell
from .uri import redact_uri

__all__ = ["PostgresStore"]

T = TypeVar("T")
Conn = psycopg.Connection[tuple[Any, ...]]
CLAIM_TTL_MS = 120_000  #: a worker that died while delivering frees its rows after this


class PostgresStore(StateStore):
    """State in a PostgreSQL database shared by any number of workers."""

    shared = True

    def __init__(self, uri: str, *, claim_ttl_ms: int = CLAIM_TTL_MS,
                 one_connection: bool = False) -> None:
        """``one_connection``: every thread shares one connection (psycopg serializes
        their statements), for a process whose statements each stand alone, outside
        any transaction: the delivery process. Else each thread has its own."""
        self.uri = uri
        self.holder = new_holder()
        self.claim_ttl_ms = claim_ttl_ms
        self._conns = Connections(uri, claim_ttl_ms, shared=one_connection)
        self._lock = threading.Lock()
        self._rids: dict[tuple[str, str], int] = {}
        self._names: dict[int, tuple[str, str]] = {}
        self._foreign: set[int] = set()  #: resources of another plan (see pass_over)
        try:
            check_schema(self._conn(), uri)
        except BaseException:
            self._conns.close()
            raise

    def __repr__(self) -> str:
        return f"PostgresStore({redact_uri(self.uri)!r})"

    def _conn(self) -> Conn:
        return self._conns.get()

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
        return pg_marks.read(self._conn(), instance, resource)

    def watermarks(self, resources: Sequence[tuple[str, str]]) -> dict[tuple[str, str], Watermark]:
        # One round trip: every worker of a fleet reads all of them as it starts.
        return pg_marks.read_all(self._conn(), resources, self._remember)

    def init_watermark(self, instance: str, resource: str, mark: Watermark) -> None:
        rid = self._rid(instance, resource)
        self._conn().execute(
            "UPDATE resources SET last_poll_ms=%s, origin=%s WHERE rid=%s AND last_poll_ms IS NULL",
            (mark.last_poll_ms, mark.origin, rid))

    def init_watermarks(
        self, resources: Sequence[tuple[str, str]], mark: Watermark
    ) -> list[tuple[str, str]]:
        return pg_marks.init_all(self._conn(), resources, mark, self._remember)

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

    # -- delivery (the SQL is in pg_outbox.py) --------------------------

    def claim_due(self, now_ms: int, limit: int) -> list[Pending]:
        return pg_outbox.claim(self._conn(), now_ms, limit, self.holder, self.claim_ttl_ms,
                               self._name, self._others())

    def acknowledge(self, delivered: Sequence[Pending]) -> None:
        pg_outbox.acknowledge(self._conn(), delivered)

    def reschedule(self, row: Pending, next_attempt_ms: int | None, error: str) -> None:
        pg_outbox.reschedule(self._conn(), row, next_attempt_ms, error)

    def pass_over(self, row: Pending) -> bool:
        if not pg_outbox.pass_over(self._conn(), row):
            return False
        rid = self._rid(row.instance, row.resource)
        with self._lock:
            self._foreign.add(rid)
        return True

    def _others(self) -> list[int]:
        with self._lock:
            return list(self._foreign)

    def release_leases(self) -> None:
        # Claims of dead workers expire on their own (claim_ttl_ms); ours are released.
        pg_outbox.release(self._conn(), self.holder)

    def next_due_ms(self) -> int | None:
        return pg_outbox.next_due_ms(self._conn())

    def pending_count(self) -> int:
        return pg_outbox.pending_count(self._conn(), self.holder, self._others())

    def requeue_dead(self) -> int:
        return pg_outbox.requeue_dead(self._conn())

    def due_now(self) -> int:
        return pg_outbox.due_now(self._conn())

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

    # -- reporting (the SQL is in pg_report.py) -------------------------

    def status(self) -> list[ResourceStatus]:
        return pg_report.status(self._conn())

    def quarantined(self, limit: int = 100) -> list[tuple[str, str, str | None, str]]:
        """The latest quarantined records: (instance, resource, object id, reason)."""
        return pg_report.quarantined(self._conn(), limit)

    def close(self) -> None:
        with suppress(psycopg.Error):  # else the claims expire on their own
            self.release_leases()
        self._conns.close()
