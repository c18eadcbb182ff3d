"""The fleet target's two peers, measured by bench_fleet.py on its server in the same run.

Issue 13 set "4 PostgreSQL workers deliver at least 10,000 events/s" beside two
measurements on this machine: raw ``FOR UPDATE SKIP LOCKED`` claims of 10-row
batches with 4 workers (10-13k rows/s) and procrastinate 3.10 (169-339 jobs/s).
This machine's speed moves by up to 1.7x within minutes, so a figure from
another hour says little; these run beside the fleet cases instead.

Each peer runs WORKERS processes, as the fleet does. A worker imports and
connects, says it is ready, waits for the start, works until nothing is left,
and reports when it started and ended. A peer's rate is what all its workers
did over the span from the first start to the last end: imports and connections
are left out (the fleet's figure includes them), which favours the peer.

- raw claims: a table of ROWS ids; each claim marks the next 10 unclaimed rows
  claimed in one autocommit statement (``SKIP LOCKED``, a partial index on the
  unclaimed rows, as the outbox has), and returns their ids. No acknowledgement,
  no body, no HTTP: a ceiling for claiming rows on this server.
- procrastinate: JOBS jobs of a task that does nothing, deferred in one batch;
  each worker is ``App.run_worker(wait=False)`` with procrastinate's defaults
  (concurrency 1), which returns once the queue is empty.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BATCH = 10
CLAIM = f"""
WITH c AS (SELECT id FROM peer_queue WHERE NOT claimed ORDER BY id LIMIT {BATCH}
           FOR UPDATE SKIP LOCKED)
UPDATE peer_queue q SET claimed = true FROM c WHERE q.id = c.id RETURNING q.id
"""


def _app(uri: str) -> Any:
    import procrastinate

    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=uri))
    app.task(name="noop")(_noop)
    return app


def _noop(n: int) -> None:
    """The peer's job: nothing, so what is measured is procrastinate's own cost."""


def _claims(uri: str) -> int:
    import psycopg

    with psycopg.connect(uri, autocommit=True) as conn:
        _ready()
        done = 0
        while rows := conn.execute(CLAIM).fetchall():
            done += len(rows)
        return done


def _procrastinate(uri: str) -> int:
    app = _app(uri)
    _ready()
    app.run_worker(wait=False)
    return 0  # counted by the parent: every job ends "succeeded"


def _ready() -> None:
    print("ready", flush=True)
    if sys.stdin.readline() != "go\n":  # end of file: the benchmark gave up
        raise SystemExit(1)
    print(json.dumps({"start": time.time()}), flush=True)


def worker(kind: str, uri: str) -> None:
    """One peer worker (a process of its own, started by :func:`_race`)."""
    done = _claims(uri) if kind == "claims" else _procrastinate(uri)
    print(json.dumps({"end": time.time(), "done": done}), flush=True)


def _race(kind: str, uri: str, workers: int) -> tuple[float, int]:
    """Start ``workers`` processes together; the span from first start to last end."""
    # Imported, not run as __main__: procrastinate wants its app in an importable module.
    command = [sys.executable, "-c", "import sys, fleet_peers; fleet_peers.worker(*sys.argv[1:])",
               kind, uri]
    procs = [subprocess.Popen(command, cwd=Path(__file__).parent, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True) for _ in range(workers)]
    try:
        return _timed(kind, procs)
    finally:  # a worker that failed or hung must not outlive the benchmark
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


def _timed(kind: str, procs: list[subprocess.Popen[str]]) -> tuple[float, int]:
    """Wait for every worker to be ready, start them together, and collect their reports."""
    for proc in procs:
        if proc.stdout is None or proc.stdout.readline().strip() != "ready":
            raise SystemExit(f"a {kind} peer worker did not start")
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    starts, ends, done = [], [], 0
    for proc in procs:
        out, _ = proc.communicate(timeout=600)
        lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
        if proc.returncode != 0 or len(lines) != 2:
            raise SystemExit(f"a {kind} peer worker failed (exit {proc.returncode})")
        starts.append(lines[0]["start"])
        ends.append(lines[1]["end"])
        done += lines[1]["done"]
    return max(ends) - min(starts), done


def raw_claims(uri: str, rows: int, workers: int = 4) -> dict[str, Any]:
    import psycopg

    with psycopg.connect(uri, autocommit=True) as conn:
        conn.execute("CREATE TABLE peer_queue (id bigserial PRIMARY KEY,"
                     " claimed boolean NOT NULL DEFAULT false)")
        conn.execute("CREATE INDEX ON peer_queue (id) WHERE NOT claimed")
        conn.execute("INSERT INTO peer_queue (claimed) SELECT false FROM generate_series(1, %s)",
                     (rows,))
        conn.execute("VACUUM ANALYZE peer_queue")
    span, done = _race("claims", uri, workers)
    if done != rows:
        raise SystemExit(f"raw claims: {done} of {rows} rows claimed")
    return {"raw_claims_rows": rows, "raw_claims_s": round(span, 2),
            "raw_claims_rows_per_s": round(rows / span)}


def procrastinate_jobs(uri: str, jobs: int, workers: int = 4) -> dict[str, Any]:
    import psycopg

    app = _app(uri)
    with app.open():
        app.schema_manager.apply_schema()
        app.tasks["noop"].batch_defer(*({"n": n} for n in range(jobs)))
    span, _ = _race("procrastinate", uri, workers)
    with psycopg.connect(uri) as conn:
        row = conn.execute("SELECT count(*) FROM procrastinate_jobs WHERE status = 'succeeded'"
                           ).fetchone()
    if row is None or row[0] != jobs:
        raise SystemExit(f"procrastinate: {row and row[0]} of {jobs} jobs succeeded")
    return {"procrastinate_jobs": jobs, "procrastinate_s": round(span, 2),
            "procrastinate_jobs_per_s": round(jobs / span)}

