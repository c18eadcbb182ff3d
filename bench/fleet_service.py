"""bench_fleet.py's service cases (``pg4-service``): workers running as services.

A fleet's workers run as services: they start once, then poll each resource
every interval. Here they are started a few seconds before every resource of
the plan falls due (each resource's watermark says it was last polled an
interval minus LEAD_S ago, and the hub's changes are dated since then), so the
round that follows is what a fleet does every interval. The round is timed from
the hub's first request to the sink's last notification; the workers are then
stopped with SIGTERM, as an operator stops a service, and must exit 0.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import sys
import time
from pathlib import Path
from typing import Any

from fleet_parts import (
    ENV,
    SAMPLE_RESOURCES,
    Watermark,
    call,
    cpu_s,
    create_changes,
    first_marks,
    launcher,
    outcome,
    plan_text,
    simulators,
    start,
    waited,
    working_s,
)

__all__ = ["service_case"]

LEAD_S = 5.0  #: the workers start this long before the round falls due
ROUND_TIMEOUT_S = 300.0  #: a round that has not delivered everything by then is reported as is
STOP_S = 60.0  #: a service stops within 30 s of SIGTERM (README); one still running is hung


def service_case(folder: Path, name: str, state: str, workers: int, args: argparse.Namespace,
                 postmaster: int) -> dict[str, Any]:
    env = {**os.environ, **ENV}
    with simulators(folder, name, env) as (hub, base, sink_proc, sink):
        now_ms = int(time.time() * 1000)
        last_ms = now_ms - int((args.interval - LEAD_S) * 1000)
        create_changes(base, args.changes, last_ms + 1000, now_ms - 1000)
        plan = folder / f"{name}.json"
        plan.write_text(plan_text(sink, args.instances, args.interval))
        first_marks(state, args.instances, Watermark(last_ms, "poll"))
        cmd = [sys.executable, "-m", "sage200cfg", "run", str(plan),
               "--base-url", base + "/elements/api-v2", "--state", state,
               "--workers", str(args.delivery_threads)]
        launchers = [launcher(cmd, env, folder / f"{name}-{n}.log") for n in range(workers)]
        cpu0 = (cpu_s(postmaster, True), cpu_s(hub.pid) + cpu_s(sink_proc.pid))
        start(launchers)
        expected = args.instances * len(SAMPLE_RESOURCES) * args.changes
        got, last_request_at = _round(base, sink, expected)
        cpu_sims = cpu_s(hub.pid) + cpu_s(sink_proc.pid) - cpu0[1]
        for proc in launchers:
            proc.send_signal(signal.SIGTERM)
        ends = [waited(proc, STOP_S) for proc in launchers]
        # The workers' backends count once they have exited (their start and stop too).
        cpu_pg = cpu_s(postmaster, True) - cpu0[0]
        api = call(base, "/_sim/api")
    report = outcome(name, workers, args, got, api, ends)
    working = working_s(got, api)
    round_s = last_request_at - api["first_at"] if api["first_at"] is not None else None
    return {
        **report,
        "poll_round_s": round(round_s, 1) if round_s else None,
        "polls_per_s": round(report["polls"] / round_s, 1) if round_s else None,
        # A service's start is not part of its rounds: the rate is the round's.
        "notifications_per_s": round(got["notifications"] / working) if working else None,
        "events_per_s": report["events_per_s_working"],
        "polls_per_worker": [_polled((folder / f"{name}-{n}.log").read_text())
                             for n in range(workers)],
        "cpu_s_postgres": round(cpu_pg, 1), "cpu_s_simulators": round(cpu_sims, 1),
        "load_average_1m": round(os.getloadavg()[0], 1),
    }


def _round(base: str, sink: str, expected: int) -> tuple[dict[str, Any], float]:
    """Wait until the sink has ``expected`` events (or the timeout); return its report and
    when the hub last served a request (the end of the poll round)."""
    requests, last_request_at = 0, 0.0
    end = time.monotonic() + ROUND_TIMEOUT_S
    while True:
        got: dict[str, Any] = call(sink, "/_sim/sink")
        now = sum(call(base, "/_sim/api")["requests"].values())
        if now != requests:
            requests, last_request_at = now, time.time()
        if got["events"] >= expected or time.monotonic() > end:
            return got, last_request_at
        time.sleep(0.2)


def _polled(log: str) -> int:
    """The resources a worker polled: the sum of its cycle lines ("cycle: polled N ...")."""
    return sum(int(n) for n in re.findall(r"cycle: polled (\d+) ", log))
