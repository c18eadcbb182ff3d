"""One poll page into the PostgreSQL store: one call of ``commit_page`` (migration 0002).

A fleet commits thousands of pages a second, so a page is one autocommit
statement, not a transaction of five. The function writes nothing when some of
the page's keys were emitted before (by this worker in an earlier overlapping
window, or by another worker) and returns them; the notifications are then
built again from the keys that are new, and the call repeated. Rows travel as
JSON documents (see the migration). A key that another worker inserts between
the check and the insert fails the call with a unique violation, which is
retried the same way. Notifications are thus built only from keys this commit
really inserts: a record two workers read is emitted once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import orjson
import psycopg

from ..errors import LeaseLost, StoreError
from .base import Outgoing, Page, SeenKey
from .sqlite_schema import digest, pack

__all__ = ["commit"]

Conn = psycopg.Connection[tuple[Any, ...]]

LEASE_LOST = "SG001"  #: the SQLSTATE commit_page raises when the page's lease was taken over
RACES = 20  #: a key racing in from another worker costs a retry; more in a row is a fault

CALL = """
SELECT seen_id, seen_updated FROM commit_page(%s::bigint, %s::bigint, %s::bigint,
  %s::text::jsonb, %s::text::jsonb, %s::bytea, %s::text::jsonb, %s::bigint, %s::text, %s::bigint)
"""


def commit(conn: Conn, rid: int, page: Page) -> int:
    """Commit ``page``; returns how many of its keys were new (and emitted)."""
    filters: dict[SeenKey, int] = {}
    for key, filter_ms in page.seen:
        filters.setdefault(key, filter_ms)  # a key twice in a page is one insert
    keys = list(filters)
    lease, rest = _lease(rid, page), _rest(rid, page)
    for _ in range(RACES):
        notes = page.build(keys) if page.build is not None else page.notifications
        try:
            known = conn.execute(CALL, (*lease, _keys(keys, filters), *_notes(notes), *rest)
                                 ).fetchall()
        except psycopg.errors.UniqueViolation:
            continue  # another worker inserted one of the keys a moment ago: check again
        except psycopg.Error as exc:
            if exc.sqlstate == LEASE_LOST:
                raise _lost(page) from None
            raise
        if not known:
            return len(keys)
        gone = {(row[0], row[1]) for row in known}
        keys = [key for key in keys if key not in gone]
    raise StoreError(f"{page.instance}/{page.resource}: the page's keys kept changing under "
                     f"{RACES} attempts to commit it")


def _lease(rid: int, page: Page) -> tuple[int, int | None, int]:
    lease = page.lease
    return rid, lease.token if lease else None, lease.ttl_ms if lease else 0


def _rest(rid: int, page: Page) -> tuple[str, int | None, str | None, int | None]:
    """Quarantine, watermark and prune: what stays when the page is committed again."""
    mark = page.advance_to
    quarantine = [{"o": q.object_id, "r": q.reason, "t": q.record, "d": digest(rid, q.record)}
                  for q in page.quarantined]
    return (_json(quarantine), mark.last_poll_ms if mark else None,
            mark.origin if mark else None, page.prune_before_ms)


def _keys(keys: Sequence[SeenKey], filters: dict[SeenKey, int]) -> str:
    return _json([{"o": k[0], "u": k[1], "f": filters[k]} for k in keys])


def _notes(notes: Sequence[Outgoing]) -> tuple[str, bytes]:
    """The notifications as JSON, and their (packed) bodies end to end."""
    packed = [pack(n.body) for n in notes]
    meta = [{"w": n.webhook_id, "z": zipped, "e": n.events, "n": len(body)}
            for n, (body, zipped) in zip(notes, packed, strict=True)]
    return _json(meta), b"".join(body for body, _ in packed)


def _json(rows: Sequence[Mapping[str, object]]) -> str:
    return orjson.dumps(rows).decode()


def _lost(page: Page) -> LeaseLost:
    token = page.lease.token if page.lease else "?"
    return LeaseLost(f"{page.instance}/{page.resource}: poll lease {token} was taken over; "
                     "page not committed")
