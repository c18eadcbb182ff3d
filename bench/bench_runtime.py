"""End-to-end runtime benchmark: simulator -> `sage200cfg run --once` -> sink, on loopback.

    python bench/bench_runtime.py                      # 200,000 changes over 7 resources
    python bench/bench_runtime.py --changes 1000000    # the peak-RSS case
    python bench/bench_runtime.py --metrics            # with --metrics-addr, scraped every second
    python bench/bench_runtime.py --api sage200        # native mode, hub mode as the peer

``--api sage200`` runs ``run --transport sage200`` against the simulator's
native Sage 200 API (Sage ID tokens, key paging, ``$filter``) over the 5
natively pollable sample resources, then hub mode over the same 5 resources
with fresh simulators in the same invocation, and reports the ratio.

Starts `sage200cfg simulate` in a child process (hub + signing, basic-auth
sink), makes CHANGES creates spread over the 7 resources of the sample plan,
then times one `sage200cfg run PLAN --once` child from start to exit. Reports
delivered events per second (10 events per notification), the run's peak RSS
(from wait4: its largest process; and sampled every 0.2 s: runtime plus delivery
process together), API requests per resource against ceil(changed/pageSize)+1, and
checks that the sink received every change exactly once with valid signatures.
With ``--metrics`` the run serves ``--metrics-addr`` and a scraper GETs
``/metrics``, ``/healthz`` and the status page every second while it works
(a Prometheus default is every 15 s).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fleet_parts import call, cpu_s, simulator

from sage200cfg.plan.model import dumps
from sage200cfg.runtime.auth.filestore import AuthProfile, FileTokenStore
from sage200cfg.runtime.auth.tokens import Tokens
from sage200cfg.runtime.simulator.native_demo import native_sample_resources
from sage200cfg.runtime.simulator.plans import SAMPLE_RESOURCES, sample_plan
from sage200cfg.runtime.simulator.sageid import CLIENT_ID, CLIENT_SECRET


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--changes", type=int, default=200_000)
    parser.add_argument("--page-size", type=int, default=500)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--metrics", action="store_true", help="serve and scrape /metrics")
    parser.add_argument("--poll-workers", type=int, default=None, help="run --poll-workers")
    parser.add_argument("--api", choices=["hub", "sage200"], default="hub")
    args = parser.parse_args()
    env = {**os.environ, "SAGE200CFG_SINK_KEY": "bench-signing-key",
           "SAGE200CFG_SINK_PASSWORD": "bench-password",
           "BENCH_KEY": "bench-signing-key", "BENCH_PASSWORD": "bench-password",
           "BENCH_CLIENT_ID": CLIENT_ID, "BENCH_CLIENT_SECRET": CLIENT_SECRET}
    if args.api == "hub":
        print(json.dumps(_mode(env, args, "hub", SAMPLE_RESOURCES), indent=2))
        return
    resources = native_sample_resources()
    native = _mode(env, args, "sage200", resources)
    hub = _mode(env, args, "hub", resources)  # the peer, same resources, same machine state
    ratio = native["events_per_second"] / max(hub["events_per_second"], 1)
    print(json.dumps({"sage200": native, "hub": hub,
                      "native_to_hub_events_per_second": round(ratio, 2)}, indent=2))


def _mode(env: dict[str, str], args: argparse.Namespace, api: str,
          resources: tuple[str, ...]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        # The API and the callback receiver are separate services, as in production:
        # two simulator processes, one serving the API, one acting as the sink.
        sim, base = simulator(folder, env, "api")
        sink, sink_base = simulator(folder, env, "sink")
        try:
            return _run(folder, base, sink_base, env, args, (sim.pid, sink.pid), api, resources)
        finally:
            for proc in (sim, sink):
                proc.terminate()
                proc.wait()


def _transport_args(folder: Path, base: str, api: str) -> list[str]:
    if api == "hub":
        return ["--base-url", base + "/elements/api-v2"]
    auth = folder / "sage-auth.json"
    refresh = call(base, "/_sim/oauth/issue", {})["refresh_token"]
    profile = AuthProfile(base + "/oauth/token", "BENCH_CLIENT_ID", "BENCH_CLIENT_SECRET",
                          {"myCoolInstance": "Cloud-Elements Demodata"})
    FileTokenStore(auth).create(profile, Tokens(refresh))
    return ["--transport", "sage200", "--auth-file", str(auth), "--api-url",
            base + "/uk/sage200/accounts/v1"]


def _rss_tree_mb(pid: int) -> float:
    """VmRSS of ``pid`` plus its children (the delivery process), in MB."""
    total = 0
    pids = [pid]
    for child in Path(f"/proc/{pid}/task").glob("*/children"):
        pids += [int(p) for p in child.read_text().split()]
    for each in pids:
        try:
            for line in Path(f"/proc/{each}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def _sample_rss(pid: int, peak: list[float], done: threading.Event) -> None:
    while not done.wait(0.2):
        try:
            peak[0] = max(peak[0], _rss_tree_mb(pid))
        except OSError:
            return


def _run(
    folder: Path, base: str, sink_base: str, env: dict[str, str], args: argparse.Namespace,
    sim_pids: tuple[int, int], api: str, resources: tuple[str, ...],
) -> dict[str, Any]:
    since = datetime.now(UTC) - timedelta(minutes=10)
    start_ms = int(since.timestamp() * 1000) + 1000
    per = {r: args.changes // len(resources) for r in resources}
    per[resources[0]] += args.changes - sum(per.values())
    t0 = time.perf_counter()
    for resource, count in per.items():
        call(base, "/_sim/create", {"resource": resource, "count": count, "at": start_ms,
                                     "until": start_ms + 300_000})
    made = time.perf_counter() - t0
    plan = sample_plan(sink_base + "/sink", page_size=args.page_size, signature_env="BENCH_KEY",
                       password_env="BENCH_PASSWORD", resources=resources)
    (folder / "plan.json").write_text(dumps(plan))
    cmd = [sys.executable, "-m", "sage200cfg", "run", str(folder / "plan.json"), "--once",
           *_transport_args(folder, base, api), "--state", str(folder / "state.db"),
           "--since", since.isoformat(), "--drain-timeout", "600", "--workers",
           str(args.workers)]
    scrapes: list[int] = []
    if args.poll_workers is not None:
        cmd += ["--poll-workers", str(args.poll_workers)]
    if args.metrics:
        port = _free_port()
        cmd += ["--metrics-addr", f"127.0.0.1:{port}"]
    sim_cpu = sum(map(cpu_s, sim_pids))
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stderr=open(folder / "run.log", "wb"))  # noqa: SIM115
    peak, done = [0.0], threading.Event()
    sampler = threading.Thread(target=_sample_rss, args=(proc.pid, peak, done), daemon=True)
    sampler.start()
    if args.metrics:
        threading.Thread(target=_scrape, args=(port, scrapes, done), daemon=True).start()
    _, status, usage = os.wait4(proc.pid, 0)
    done.set()
    elapsed = time.perf_counter() - t0
    sim_cpu = sum(map(cpu_s, sim_pids)) - sim_cpu
    sink = call(sink_base, "/_sim/sink")
    requests = call(base, "/_sim/api")["requests"]
    expected = {r: math.ceil(n / args.page_size) + 1 for r, n in per.items()}
    return {
        "api": api,
        "changes": args.changes,
        "resources": len(per),
        "page_size": args.page_size,
        "exit_status": os.waitstatus_to_exitcode(status),
        "seconds": round(elapsed, 2),
        "events_per_second": round(sink["unique_events"] / elapsed),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "peak_rss_both_processes_mb": round(peak[0], 1),
        "delivered_unique_events": sink["unique_events"],
        "duplicate_events": sink["duplicate_events"],
        "notifications": sink["notifications"],
        "rejected_by_sink": sink["rejected"],
        "api_requests": requests,
        "api_requests_bound": expected,
        "requests_within_bound": all(requests.get(r, 0) <= n for r, n in expected.items()),
        "setup_seconds": round(made, 2),
        "cpu_seconds_run": round(usage.ru_utime + usage.ru_stime, 2),
        "cpu_seconds_simulator": round(sim_cpu, 2),
        "load_average_1m": round(os.getloadavg()[0], 1),
        "metrics_scrapes_ok": len(scrapes) if args.metrics else None,
        "metrics_scrape_ms_max": max(scrapes, default=0) if args.metrics else None,
    }


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _scrape(port: int, took_ms: list[int], done: threading.Event) -> None:
    """GET /metrics, /healthz and / every second, as a monitoring stack would (faster)."""
    import urllib.error

    while not done.wait(1.0):
        t0 = time.perf_counter()
        try:
            for path in ("/metrics", "/healthz", "/"):
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as r:
                        r.read()
                except urllib.error.HTTPError as exc:  # /healthz may say 503: still an answer
                    exc.read()
        except OSError:
            continue  # not listening yet, or already stopped
        took_ms.append(round((time.perf_counter() - t0) * 1000))


if __name__ == "__main__":
    main()
