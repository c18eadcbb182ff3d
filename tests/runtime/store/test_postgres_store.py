"""What only a shared store must do: several workers on one PostgreSQL database."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import psycopg
import pytest

from sage200cfg.runtime.errors import SchemaMismatch, StateFileError, StoreError
from sage200cfg.runtime.store.base import Outgoing, Page, Watermark
from sage200cfg.runtime.store.open import open_store
from sage200cfg.runtime.store.pg_schema import SCHEMA_VERSION
from sage200cfg.runtime.store.postgres import PostgresStore

UPDATED = "2026-01-01T00:00:00Z"


def _page(keys):
    def build(new):
        return [Outgoing(f"wh-{oid}", oid.encode(), 1) for oid, _ in new]

    return Page("inst", "customers", seen=[((k, UPDATED), 1) for k in keys], build=build)


def test_two_workers_that_read_the_same_records_emit_each_once(pg_state):
    one, two = open_store(pg_state), open_store(pg_state)
    try:
        assert one.commit_page(_page(["a", "b"])) == 2
        assert two.commit_page(_page(["b", "c"])) == 1  # b was read by both: only c is new
        rows = one.claim_due(int(time.time() * 1000), 10)
        assert sorted(r.webhook_id for r in rows) == ["wh-a", "wh-b", "wh-c"]
    finally:
        one.close()
        two.close()


def test_a_last_page_still_looks_up_the_keys_it_does_not_store(pg_state):
    # Keys before the next window are not stored by the last page (schema 3),
    # but one emitted by an earlier, overlapping poll must still not go again.
    store = open_store(pg_state)
    try:
        assert store.commit_page(_page(["a"])) == 1  # filter date 1, no prune: stored
        last = replace(_page(["a", "b"]), advance_to=Watermark(5000, "poll"), prune_before_ms=2)
        assert store.commit_page(last) == 1  # a was emitted before: only b is new
        rows = store.claim_due(int(time.time() * 1000), 10)
        assert sorted(r.webhook_id for r in rows) == ["wh-a", "wh-b"]
        assert store.already_seen("inst", "customers", [("a", UPDATED), ("b", UPDATED)]) == set()
    finally:
        store.close()


def test_workers_racing_over_the_same_keys_emit_each_key_once(pg_state):
    import random

    keys = [f"k{n:03d}" for n in range(150)]
    stores = [open_store(pg_state) for _ in range(6)]
    emitted: list[int] = []

    def work(store, seed):
        rng = random.Random(seed)
        for _ in range(25):
            emitted.append(store.commit_page(_page(rng.sample(keys, 12))))

    threads = [threading.Thread(target=work, args=(s, n)) for n, s in enumerate(stores)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        rows = stores[0].claim_due(int(time.time() * 1000), 1000)
        ids = [r.webhook_id for r in rows]
        assert len(ids) == len(set(ids)) == sum(emitted)  # every key at most once
        assert set(ids) <= {f"wh-{k}" for k in keys}
    finally:
        for store in stores:
            store.close()


def test_concurrent_claims_never_hand_out_a_row_twice(pg_state):
    seed = open_store(pg_state)
    seed.commit_page(Page("inst", "customers",
                          [Outgoing(f"wh-{n}", b"{}", 1) for n in range(400)]))
    claimed: list[list[int]] = [[] for _ in range(4)]

    def worker(n: int) -> None:
        store = open_store(pg_state)
        try:
            while rows := store.claim_due(int(time.time() * 1000), 10):
                claimed[n].extend(r.row_id for r in rows)
                store.acknowledge(rows)
        finally:
            store.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every = [row for rows in claimed for row in rows]
    assert len(every) == len(set(every)) == 400
    assert sum(1 for rows in claimed if rows) >= 2  # the work was shared
    [status] = seed.status()
    assert (status.pending, status.delivered_notifications) == (0, 400)
    seed.close()


def test_an_expired_claim_is_taken_over_and_the_stale_ack_is_refused(pg_state):
    slow = PostgresStore(pg_state, claim_ttl_ms=200)
    fast = PostgresStore(pg_state)
    slow.commit_page(Page("inst", "customers", [Outgoing("wh-1", b"{}", 1)]))
    [stale] = slow.claim_due(int(time.time() * 1000), 5)
    time.sleep(0.3)  # the slow worker stalls past its claim
    [fresh] = fast.claim_due(int(time.time() * 1000), 5)
    assert fresh.row_id == stale.row_id and fresh.claim > stale.claim
    slow.acknowledge([stale])
    slow.reschedule(stale, None, "late failure")  # neither touches the new claim
    assert fast.pending_count() == 1
    fast.acknowledge([fresh])
    [status] = fast.status()
    assert (status.pending, status.dead, status.delivered_notifications) == (0, 0, 1)
    slow.close()
    fast.close()


def test_closing_a_worker_frees_its_claims_at_once(pg_state):
    one, two = open_store(pg_state), open_store(pg_state)
    one.commit_page(Page("inst", "customers", [Outgoing("wh-1", b"{}", 1)]))
    assert one.claim_due(int(time.time() * 1000), 5)
    assert two.claim_due(int(time.time() * 1000), 5) == []
    assert two.pending_count() == 0  # another live worker's claim is not ours to drain
    one.close()
    assert [r.webhook_id for r in two.claim_due(int(time.time() * 1000), 5)] == ["wh-1"]
    two.close()


def test_an_unmigrated_or_newer_database_is_refused_naming_the_command(pg_uri):
    with pytest.raises(SchemaMismatch, match="sage200cfg db migrate --state"):
        open_store(pg_uri)
    from sage200cfg.runtime.store.pg_schema import run_migrations

    assert run_migrations(pg_uri)[2] == SCHEMA_VERSION
    with psycopg.connect(pg_uri, autocommit=True) as conn:
        conn.execute("INSERT INTO schema_migrations (version, name) VALUES (%s, 'future')",
                     (SCHEMA_VERSION + 1,))
    with pytest.raises(SchemaMismatch, match="newer than this sage200cfg"):
        open_store(pg_uri)


def test_an_unreachable_database_is_a_setup_error_without_the_password(tmp_path):
    with pytest.raises(StateFileError) as caught:
        open_store(f"postgresql://u:hunter2@/db?host={tmp_path}")
    assert "hunter2" not in str(caught.value) and "cannot connect" in str(caught.value)


def test_two_workers_never_spend_the_same_refresh_token(pg_state):
    """The token endpoint accepts each refresh token once, like Sage's OAuth server."""
    spent: list[str] = []
    lock = threading.Lock()
    counter = iter(range(1, 10_000))

    def refresh(token: str) -> tuple[str, str]:
        with lock:
            assert token not in spent, f"refresh token {token} spent twice"
            spent.append(token)
            new = f"rt-{next(counter)}"
        time.sleep(0.005)  # the HTTP round trip, while the row stays locked
        return new, f"access-for-{new}"

    seed = PostgresStore(pg_state)
    seed.save_refresh_token("inst", "rt-0")

    def worker() -> None:
        store = PostgresStore(pg_state)
        try:
            for _ in range(15):
                assert store.rotate_refresh_token("inst", refresh).startswith("access-for-")
        finally:
            store.close()

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(spent) == len(set(spent)) == 45
    assert seed.load_refresh_token("inst") == "rt-45"

    def failing(token: str) -> tuple[str, str]:
        raise RuntimeError("token endpoint down")

    with pytest.raises(RuntimeError):
        seed.rotate_refresh_token("inst", failing)
    assert seed.load_refresh_token("inst") == "rt-45"  # a failed refresh keeps the token
    with pytest.raises(StoreError, match="no refresh token stored for instance other"):
        seed.rotate_refresh_token("other", refresh)
    seed.close()


def test_status_shows_who_holds_each_lease_and_until_when(pg_state):
    import json

    from rt_helpers import cli_inprocess

    store = open_store(pg_state)
    store.init_watermarks([("inst", "customers"), ("inst", "products")], Watermark(1000, "now"))
    lease = store.acquire_lease("inst", "customers", "host-a:4242:beef", 60_000)
    assert lease is not None
    before = int(time.time() * 1000)
    code, out, err = cli_inprocess("status", "--state", pg_state, "--json")
    assert code == 0, err
    rows = {r["resource"]: r for r in json.loads(out)["resources"]}
    assert rows["customers"]["leaseHolder"] == "host-a:4242:beef"
    assert rows["products"]["leaseHolder"] is None and rows["products"]["leaseExpires"] is None
    expires = rows["customers"]["leaseExpires"]
    assert expires > time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(before / 1000 + 50))
    code, table, _ = cli_inprocess("status", "--state", pg_state)
    assert "lease (until UTC)" in table.splitlines()[0]
    assert f"host-a:4242:beef ({expires[11:19]})" in table
    store.release_lease(lease)
    [customers, _] = store.status()
    assert customers.lease_holder is None
    store.close()


def test_a_worker_stalled_inside_a_transaction_cannot_block_the_takeover(pg_state):
    stalled = PostgresStore(pg_state, claim_ttl_ms=500)
    other = PostgresStore(pg_state)
    lease = stalled.acquire_lease("inst", "customers", "w1", 500)
    assert lease is not None
    conn = stalled._conn()
    conn.execute("BEGIN")
    assert stalled.renew_lease(lease)  # the row is locked, and the worker stops here
    started = time.monotonic()
    taken = other.acquire_lease("inst", "customers", "w2", 60_000)
    assert taken is not None and taken.token > lease.token
    assert time.monotonic() - started < 5  # the server ended the idle transaction
    with pytest.raises(psycopg.Error):  # resumed: its session was ended
        stalled.renew_lease(lease)
    assert not stalled.renew_lease(lease)  # reconnected; the lease is gone
    stalled.close()
    other.close()


def test_migrate_applies_only_the_missing_versions_in_order(pg_uri, monkeypatch):
    from sage200cfg.runtime.store import pg_schema

    shipped = pg_schema.migrations()
    assert [m.version for m in shipped] == [1, 2, 3, 4]
    with monkeypatch.context() as older:  # a database an earlier sage200cfg migrated
        older.setattr(pg_schema, "migrations", lambda: shipped[:1])
        older.setattr(pg_schema, "SCHEMA_VERSION", 1)
        assert pg_schema.run_migrations(pg_uri)[1] == shipped[:1]
    with pytest.raises(SchemaMismatch, match="has schema version 1, this sage200cfg needs 4"):
        PostgresStore(pg_uri)
    before, applied, now = pg_schema.run_migrations(pg_uri)
    assert (before, [m.version for m in applied], now) == (1, [2, 3, 4], 4)
    assert pg_schema.run_migrations(pg_uri)[1] == []  # idempotent
    store = PostgresStore(pg_uri)
    store.commit_page(Page("inst", "customers", seen=[(("a", "u1"), 1)]))  # 2 and 3 define it
    store.close()
    with psycopg.connect(pg_uri) as conn:
        rows = conn.execute("SELECT version, name FROM schema_migrations ORDER BY version")
        assert rows.fetchall() == [
            (1, "initial"), (2, "commit_page"), (3, "store_recurring_keys"),
            (4, "outbox_queued_ms")]


def test_a_fleet_shares_first_marks_through_the_database(pg_state):
    from datetime import UTC, datetime

    from sage200cfg.runtime.errors import SetupError
    from sage200cfg.runtime.marks import FirstMarks
    from sage200cfg.runtime.simulator.plans import (
        instance_json,
        plan_from_instances,
        resource_json,
    )

    resources = [resource_json("customers"), resource_json("products")]
    plan = plan_from_instances([instance_json("inst", "http://127.0.0.1:9/sink", resources)])
    since = datetime(2026, 1, 1, tzinfo=UTC)
    first, later, together = (open_store(pg_state) for _ in range(3))
    FirstMarks(first, plan, since, reset=False)  # the first worker, with --since
    marks = FirstMarks(later, plan, None, reset=False)  # a later one, without
    assert marks.start_of("inst", "customers") == Watermark(int(since.timestamp() * 1000),
                                                            "since")
    FirstMarks(together, plan, since, reset=False)  # started with the same --since: fine
    lease = first.acquire_lease("inst", "customers", "w1", 60_000)
    first.commit_page(Page("inst", "customers", lease=lease,
                           advance_to=Watermark(int(time.time() * 1000), "poll")))
    FirstMarks(together, plan, since, reset=False)  # a peer's poll a moment ago: fine
    first.commit_page(Page("inst", "customers", lease=lease,
                           advance_to=Watermark(int(time.time() * 1000) - 120_000, "poll")))
    with pytest.raises(SetupError, match="--reset-watermarks"):
        FirstMarks(together, plan, since, reset=False)  # polled before: refused, as with SQLite
    for store in (first, later, together):
        store.close()
