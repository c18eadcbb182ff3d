"""How many PostgreSQL connections a worker needs: one per poll thread, one for its
main thread, one for its lease renewer, and one that its delivery process's
threads share. A fleet sizes the server's ``max_connections`` by it; a worker
that got fewer than its threads wanted used to make no progress at all."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid

import psycopg
from rt_helpers import KEY, KEY_ENV, PASSWORD, PW_ENV, make_plan, now_ms, res, since_iso, write_plan

POLL_WORKERS = 2


def _role_limited_to(pg_server, uri: str, connections: int) -> str:
    """A role (not a superuser: those ignore limits) that may open ``connections``."""
    role = f"fleet_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(uri, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {role} LOGIN CONNECTION LIMIT {connections}")
        conn.execute(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {role}")
        conn.execute(f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {role}")
    return uri.replace("postgres@", f"{role}@", 1)


def test_a_worker_runs_on_its_poll_workers_plus_three_connections(sim, tmp_path, pg_server,
                                                                   pg_state):
    names = ["customers", "products", "invoices", "payments"]
    plan = write_plan(tmp_path, make_plan(sim, [res(n, page_size=20, interval=1)
                                                for n in names]))
    state = _role_limited_to(pg_server, pg_state, POLL_WORKERS + 3)
    proc = subprocess.Popen(
        [sys.executable, "-m", "sage200cfg", "run", str(plan), "--base-url", sim.sim.api_base,
         "--state", state, "--since", since_iso(10), "--poll-workers", str(POLL_WORKERS),
         "--workers", "8", "--lease-ttl", "3"],  # leases renewed every second
        env={**os.environ, KEY_ENV: KEY, PW_ENV: PASSWORD}, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(3):
            for name in names:
                sim.create(name, 30, now_ms() - 500)
            end = time.monotonic() + 30
            while set(sim.received()) != sim.changes() and time.monotonic() < end:
                time.sleep(0.1)
            assert set(sim.received()) == sim.changes()
            time.sleep(1.5)  # a round with the lease renewer's connection too
    finally:
        proc.send_signal(signal.SIGTERM)
        log = proc.communicate(timeout=60)[1]
    assert proc.returncode == 0, log
    assert "too many connections" not in log, log
