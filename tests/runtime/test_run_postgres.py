"""`sage200cfg db migrate`, `run`, `status` and `events replay` on a PostgreSQL --state."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import psycopg
from rt_helpers import (
    KEY,
    KEY_ENV,
    PASSWORD,
    PW_ENV,
    USER,
    cli,
    make_plan,
    now_ms,
    res,
    run_once,
    since_iso,
    write_plan,
)

from sage200cfg.runtime.leasing import PollLeases
from sage200cfg.runtime.simulator.plans import instance_json, plan_from_instances
from sage200cfg.runtime.store.base import Watermark
from sage200cfg.runtime.store.open import open_store


def test_migrate_then_run_status_and_replay(sim, tmp_path, pg_uri):
    plan = write_plan(tmp_path, make_plan(sim, [res("customers"), res("products")]))
    refused = run_once(sim, plan, pg_uri)  # type: ignore[arg-type]
    assert refused.returncode == 2
    assert f"run `sage200cfg db migrate --state {pg_uri}`" in refused.stderr
    assert "Traceback" not in refused.stderr

    first = cli("db", "migrate", "--state", pg_uri)
    assert first.returncode == 0, first.stderr
    assert ("schema empty -> version 4 (applied 0001_initial, 0002_commit_page, "
            "0003_store_recurring_keys, 0004_outbox_queued_ms)") in first.stdout
    again = cli("db", "migrate", "--state", pg_uri)
    assert again.returncode == 0 and "schema is current (version 4)" in again.stdout

    sim.create("customers", 30, now_ms() - 1000)
    sim.create("products", 5, now_ms() - 1000)
    done = run_once(sim, plan, pg_uri, "--since", since_iso(10))  # type: ignore[arg-type]
    assert done.returncode == 0, done.stderr
    assert set(sim.received()) == sim.changes()

    shown = cli("status", "--state", pg_uri, "--json")
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert data["totals"] == {"pending": 0, "dead": 0, "quarantined": 0, "deliveredEvents": 35}
    assert {r["resource"]: r["leaseHolder"] for r in data["resources"]} == {
        "customers": None, "products": None}  # released after the poll
    assert all(r["watermarkOrigin"] == "poll" for r in data["resources"])
    table = cli("status", "--state", pg_uri)
    assert "testInstance/customers" in table.stdout and "30 events" in table.stdout

    replay = cli("events", "replay", "--state", pg_uri, "--dead")
    assert replay.returncode == 0 and "re-queued 0 dead-lettered" in replay.stdout

    # --once with a shared store polls only what is due: nothing, a second later.
    sim.create("customers", 3, now_ms())
    quiet = run_once(sim, plan, pg_uri)  # type: ignore[arg-type]
    assert quiet.returncode == 0, quiet.stderr
    assert len(sim.received()) == 35


def test_db_migrate_needs_a_postgres_uri(tmp_path):
    result = cli("db", "migrate", "--state", str(tmp_path / "state.db"))
    assert result.returncode == 2
    assert "db migrate needs a postgresql:// URI" in result.stderr


def test_two_once_workers_share_the_due_resources(sim, tmp_path, pg_state):
    names = ["customers", "products", "invoices", "payments", "warehouses", "transactions"]
    plan = write_plan(tmp_path, make_plan(sim, [res(n, page_size=20) for n in names]))
    for name in names:
        sim.create(name, 50, now_ms() - 1000)
    env = {**os.environ, KEY_ENV: KEY, PW_ENV: PASSWORD}
    cmd = [sys.executable, "-m", "sage200cfg", "run", str(plan), "--once",
           "--base-url", sim.sim.api_base, "--state", pg_state, "--since", since_iso(10)]
    procs = [subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    logs = [p.communicate(timeout=60)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], logs
    assert set(sim.received()) == sim.changes()
    stats = sim.call("/_sim/sink")
    assert stats["duplicate_events"] == 0 and stats["unique_events"] == 300
    # Each resource polled once: 20, 20, 10, then the empty page that ends a poll.
    requests = sim.requests()
    assert all(requests[n] == 4 for n in names), requests


def test_reset_watermarks_backfills_a_resource_polled_a_moment_ago(sim, tmp_path, pg_state):
    plan = write_plan(tmp_path, make_plan(sim, [res("customers")]))
    sim.create("customers", 4, now_ms() - 40_000)  # before the first run's --since
    first = run_once(sim, plan, pg_state, "--since", since_iso(20))  # type: ignore[arg-type]
    assert first.returncode == 0, first.stderr
    assert sim.received() == {}
    # The resource is not due for another interval: the fleet's schedule would
    # skip it, and the backfill the user asked for would never happen.
    again = run_once(sim, plan, pg_state, "--since", since_iso(60),  # type: ignore[arg-type]
                     "--reset-watermarks")
    assert again.returncode == 0, again.stderr
    assert "cycle done: polled 1 resource," in again.stderr
    assert set(sim.received()) == sim.changes()


def test_a_once_run_with_nothing_due_asks_for_no_leases(sim, tmp_path, pg_state):
    # A fleet that runs `run --once` from cron finds most resources polled lately;
    # asking for their leases a few at a time cost a round trip for every few.
    names = ["customers", "products", "invoices", "payments", "warehouses", "transactions"]
    plan = write_plan(tmp_path, plan_from_instances([
        instance_json(f"company{n:02d}", sim.sim.sink_url, [res(name) for name in names],
                      username=USER, password_env=PW_ENV, signature_env=KEY_ENV)
        for n in range(40)]))
    first = run_once(sim, plan, pg_state, "--since", since_iso(10))  # type: ignore[arg-type]
    assert first.returncode == 0, first.stderr
    polled = sum(sim.requests().values())
    assert polled == 240
    before = _transactions(pg_state)
    quiet = run_once(sim, plan, pg_state)  # type: ignore[arg-type]
    assert quiet.returncode == 0, quiet.stderr
    assert sum(sim.requests().values()) == polled
    # The run's own bookkeeping (schema checks, watermarks, the outbox's claims) is
    # about 30 statements here; asking for the leases of the 240 resources, two at a
    # time, was 120 more.
    assert _transactions(pg_state) - before < 80


def test_once_leaves_resources_due_within_a_minute_to_the_databases_clock(pg_state):
    # Another machine's clock wrote the watermarks: one a little ahead of ours
    # would make a resource look due a little later here than it is.
    names = ["customers", "products", "invoices"]
    plan = plan_from_instances([instance_json("company", "https://example.invalid/sink",
                                              [res(n, interval=900) for n in names])])
    targets = list(plan.resources())
    now = now_ms()
    marks = {("company", "customers"): Watermark(now - 10_000, "poll"),  # due in 890 s
             ("company", "products"): Watermark(now - 870_000, "poll")}  # due in 30 s
    store = open_store(pg_state)
    try:
        due = PollLeases(store, 60).due_now(targets, marks)
    finally:
        store.close()
    assert dict(zip(names, due, strict=True)) == {
        "customers": False, "products": True, "invoices": True}  # invoices: never polled


def _transactions(uri: str) -> int:
    """Transactions committed in the database so far, once the backends have reported
    (each reports at its end, or a second after its last report)."""
    seen = -100
    with psycopg.connect(uri, autocommit=True) as conn:
        for _ in range(20):
            row = conn.execute("SELECT xact_commit FROM pg_stat_database "
                               "WHERE datname = current_database()").fetchone()
            assert row is not None
            if row[0] - seen <= 2:  # nothing since the last look but these looks
                return int(row[0])
            seen = row[0]
            time.sleep(1.1)
    raise AssertionError("the database's statistics kept changing")


def test_two_services_poll_each_resource_once_per_interval_between_them(
        sim, tmp_path, pg_state):
    names = ["customers", "products", "invoices", "payments", "warehouses", "transactions"]
    interval = 2
    plan = write_plan(tmp_path, make_plan(sim, [res(n, page_size=20, interval=interval)
                                                for n in names]))
    env = {**os.environ, KEY_ENV: KEY, PW_ENV: PASSWORD}
    cmd = [sys.executable, "-m", "sage200cfg", "run", str(plan), "-v", "--base-url",
           sim.sim.api_base, "--state", pg_state, "--since", since_iso(10)]
    started = time.monotonic()
    procs = [subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    try:
        for _ in range(3):  # three batches of changes, each picked up by a later round
            for name in names:
                sim.create(name, 5, now_ms() - 500)
            _wait_for(lambda: set(sim.received()) == sim.changes(), timeout=30)
            time.sleep(interval)
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        logs = [proc.communicate(timeout=60)[1] for proc in procs]
    elapsed = time.monotonic() - started
    assert [p.returncode for p in procs] == [0, 0], logs
    assert set(sim.received()) == sim.changes()
    assert sim.call("/_sim/sink")["duplicate_events"] == 0
    # Whichever service polls a resource (with six, one may poll them all), the two
    # together poll it about once an interval, never both in the same one.
    polls = [Counter(re.findall(r"testInstance/(\w+): \d+ pages?,", log)) for log in logs]
    for name in names:
        assert 3 <= polls[0][name] + polls[1][name] <= elapsed / (interval * 0.9) + 1, polls


def _wait_for(condition: Callable[[], bool], timeout: float) -> None:
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.1)


def test_a_service_rides_out_a_database_outage_and_loses_nothing(sim, tmp_path, pg_server,
                                                                 pg_state):
    names = ["customers", "products"]
    plan = write_plan(tmp_path, make_plan(sim, [res(n, page_size=20, interval=1)
                                                for n in names]))
    env = {**os.environ, KEY_ENV: KEY, PW_ENV: PASSWORD}
    proc = subprocess.Popen(
        [sys.executable, "-m", "sage200cfg", "run", str(plan), "--base-url", sim.sim.api_base,
         "--state", pg_state, "--since", since_iso(10)], env=env, stderr=subprocess.PIPE,
        text=True)
    try:
        sim.create("customers", 5, now_ms() - 500)
        _wait_for(lambda: set(sim.received()) == sim.changes(), timeout=30)
        with _outage(pg_server, pg_state):  # every connection cut, none let in for 3 s
            sim.create("products", 5, now_ms() - 500)
            time.sleep(3)
            assert proc.poll() is None, "the service must not die with its database"
        sim.create("customers", 5, now_ms() - 500)
        _wait_for(lambda: set(sim.received()) == sim.changes(), timeout=60)
    finally:
        proc.send_signal(signal.SIGTERM)
        log = proc.communicate(timeout=60)[1]
    assert proc.returncode == 0, log
    assert "failed" in log  # the polls during the outage said so
    # Said once per cause (a cut connection, then refused ones), not once per
    # chunk of resources, and its end is said too.
    assert log.count("cannot take poll leases") <= 3, log
    assert "poll leases can be taken again" in log, log
    assert set(sim.received()) == sim.changes()


@contextmanager
def _outage(pg_server, uri: str) -> Iterator[None]:
    import psycopg

    name = uri.split("/")[3].split("?")[0]
    with psycopg.connect(pg_server.uri(), autocommit=True) as admin:
        admin.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS false")
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE datname = %s", (name,))
        try:
            yield
        finally:
            admin.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS true")
