"""A fleet: three `sage200cfg run` workers on one PostgreSQL database share a plan of a
dozen instances while the hub keeps changing; workers are SIGKILLed at random points
and replaced. Every instance receives exactly its changes (the issue 7 assertion,
plus: no notification reaches an instance that does not own its resource), and the
only duplicates are notifications in flight at a kill.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from typing import Any

from delivery_check import assert_all_delivered
from rt_helpers import KEY, KEY_ENV, PASSWORD, PW_ENV, USER, since_iso, status_json

from sage200cfg.plan.model import dumps
from sage200cfg.runtime.simulator.plans import instance_json, plan_from_instances, resource_json
from sage200cfg.runtime.store.pg_schema import run_migrations

WORKERS, INSTANCES, ROUNDS = 3, 12, 6
DELIVERY_THREADS, BATCH, UNACKED = 2, 8, 32  # run --workers 2; Deliverer batch, max_unacked
LEASE_TTL = 3  # seconds before a killed worker's leases and claims are taken over


def _fleet_plan(sim) -> tuple[Any, dict[str, str]]:
    """Twelve instances, two hub resources each, no resource shared: so every change
    belongs to exactly one instance. Returns the plan and resource -> instance."""
    names = sorted(n for n, r in sim.sim.hub.resources.items() if "/" not in n and (
        r.meta.id_field, r.meta.updated_field, r.meta.created_field) == (
        "id", "date_time_updated", "date_time_created"))[: 2 * INSTANCES]
    assert len(names) == 2 * INSTANCES
    owner = {}
    instances = []
    for n in range(INSTANCES):
        mine = names[2 * n : 2 * n + 2]
        owner.update(dict.fromkeys(mine, f"tenant{n:02d}"))
        instances.append(instance_json(
            f"tenant{n:02d}", sim.sim.sink_url,
            [resource_json(r, interval=1, page_size=40) for r in mine],
            username=USER, password_env=PW_ENV, signature_env=KEY_ENV))
    return plan_from_instances(instances), owner


def _attach_owner_check(sim) -> Counter[tuple[str, str]]:
    """Counts accepted notifications by (instanceName, objectType)."""
    seen: Counter[tuple[str, str]] = Counter()
    sink = sim.sim.sink
    original = sink.handle

    async def recording(request: Any) -> Any:
        response = await original(request)
        if response.status == 200:
            message = json.loads(request.body)["message"]
            seen[(message["instanceName"], message["raw"]["objectType"])] += 1
        return response

    sink.handle = recording  # type: ignore[method-assign]
    return seen


class Worker:
    """One `sage200cfg run` process, its log read as it comes."""

    def __init__(self, plan_path, state, base_url, since=None) -> None:
        env = {**os.environ, KEY_ENV: KEY, PW_ENV: PASSWORD}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "sage200cfg", "run", str(plan_path), "--base-url", base_url,
             "--state", state, "--workers", str(DELIVERY_THREADS),
             "--lease-ttl", str(LEASE_TTL), *(["--since", since] if since else [])],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append(line)

    @property
    def running(self) -> bool:
        """Started: signal handlers are installed once it logs that it polls."""
        return any(" polling " in line for line in self.lines)

    def stop(self, signum: int) -> int:
        self.proc.send_signal(signum)
        code = self.proc.wait(timeout=30)
        self._reader.join(10)
        assert self.proc.stderr is not None
        self.proc.stderr.close()
        return code


def _change(sim, rng: random.Random, resources: list[str]) -> None:
    """Creates on every resource, and updates of records whose latest change was
    delivered (an update of an undelivered record would hide that change). The hub
    stamps each change with its own clock as it makes it, as Sage 200 does."""
    for name in resources:
        sim.call("/_sim/create", {"resource": name, "count": rng.randint(5, 25)})
    received = sim.received()
    latest = {(r, i): u for r, i, _c, u in sim.call("/_sim/changes")["changes"]}
    done = sorted(k for k, u in latest.items() if (*k, u) in received)
    for resource, object_id in rng.sample(done, min(40, len(done))):
        sim.call("/_sim/update", {"resource": resource, "ids": [int(object_id)]})


def _kill_point(sim, rng: random.Random) -> None:
    """Half the kills are timed (start-up, polling, committing, delivering), half
    wait for a random number of deliveries, so that POSTs are in flight."""
    if rng.random() < 0.5:
        time.sleep(rng.uniform(0.3, 1.5))
        return
    target = sim.sim.sink.notifications + rng.randint(1, 40)
    deadline = time.monotonic() + 3
    while sim.sim.sink.notifications < target and time.monotonic() < deadline:
        time.sleep(0.005)


def _why(sim, state) -> str:
    missing = Counter(r for r, _i, _u in sim.changes() - set(sim.received()))
    totals = status_json(state)["totals"]
    return f"not delivered by resource: {dict(missing)}; totals {totals}"


def _settled(sim, state) -> bool:
    return (set(sim.received()) == sim.changes()
            and status_json(state)["totals"]["pending"] == 0)


def test_three_workers_share_a_plan_and_lose_nothing_to_sigkills(sim, ledger, tmp_path,
                                                                 pg_uri):
    rng = random.Random(13)
    run_migrations(pg_uri)
    plan, owner = _fleet_plan(sim)
    plan_path = tmp_path / "plan.json"
    plan_path.write_text(dumps(plan), encoding="utf-8")
    by_instance = _attach_owner_check(sim)
    sim.call("/_sim/sink/faults", {"delay_ms": 5})  # keeps POSTs in flight at a kill
    # The first worker stores every resource's first mark (--since); the others,
    # and every replacement, start from what is stored, as a fleet's service would.
    first = Worker(plan_path, pg_uri, sim.sim.api_base, since_iso(5))
    _wait(lambda: first.running, 60, "the first worker")
    start = lambda: Worker(plan_path, pg_uri, sim.sim.api_base)  # noqa: E731
    workers = [first, *(start() for _ in range(WORKERS - 1))]
    kills = interrupted = 0
    killed: set[int] = set()
    try:
        for _ in range(ROUNDS):
            _change(sim, rng, sorted(owner))
            _kill_point(sim, rng)
            victim = rng.randrange(WORKERS)
            killed.add(workers[victim].proc.pid)
            assert workers[victim].stop(signal.SIGKILL) == -signal.SIGKILL
            kills += 1
            interrupted += set(sim.received()) != sim.changes()
            workers[victim] = start()
        # The survivors take the killed workers' leases and claims over.
        deadline = time.monotonic() + 60
        while not (_settled(sim, pg_uri) and all(w.running for w in workers)):
            assert time.monotonic() < deadline, _why(sim, pg_uri)
            assert all(w.proc.poll() is None for w in workers), "a worker exited"
            time.sleep(0.25)
    finally:
        codes = [worker.stop(signal.SIGTERM) for worker in workers]
    assert codes == [0] * WORKERS, [w.lines[-3:] for w in workers]
    assert len(sim.changes()) >= 1000
    assert interrupted >= ROUNDS // 2  # most kills cut work short
    assert_all_delivered(sim, pg_uri, ledger,  # type: ignore[arg-type]
                         max_resent=kills * (DELIVERY_THREADS * BATCH + UNACKED))
    assert all(owner[kind] == name for name, kind in by_instance), "a tenant got another's"
    assert {kind for _, kind in by_instance} == set(owner)  # every instance got its changes
    # Stopped workers released every lease they held. A killed worker's leases stay
    # until they expire, unless another worker polled that resource since (when all
    # its changes had been delivered before the kill, none needed to).
    held = [r["leaseHolder"] for r in status_json(pg_uri)["resources"] if r["leaseHolder"]]
    assert {int(holder.rsplit(":", 2)[1]) for holder in held} <= killed, held


def _wait(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def _holder_pid(state) -> int | None:
    rows = status_json(state)["resources"]
    holder = rows[0]["leaseHolder"] if rows else None
    return None if holder is None else int(holder.split(":")[1])


def test_a_stalled_worker_cannot_commit_after_its_lease_was_taken_over(sim, ledger, tmp_path,
                                                                       pg_uri):
    """SIGSTOP a worker in the middle of a poll for longer than its lease: the other
    worker takes the resource over; resumed, the stalled one's page is refused by the
    fencing token (it logs so), and every change still arrives exactly once."""
    run_migrations(pg_uri)
    plan = plan_from_instances([instance_json(
        "tenant", sim.sim.sink_url, [resource_json("customers", interval=1, page_size=20)],
        username=USER, password_env=PW_ENV, signature_env=KEY_ENV)])
    plan_path = tmp_path / "plan.json"
    plan_path.write_text(dumps(plan), encoding="utf-8")
    sim.call("/_sim/create", {"resource": "customers", "count": 300})
    sim.call("/_sim/api/faults", {"delay_ms": 150})  # 15 pages: a poll of several seconds
    stalled = Worker(plan_path, pg_uri, sim.sim.api_base, since_iso(5))
    _wait(lambda: _holder_pid(pg_uri) == stalled.proc.pid, 30, "the first worker's lease")
    time.sleep(0.5)  # a few pages in
    stalled.proc.send_signal(signal.SIGSTOP)
    other = Worker(plan_path, pg_uri, sim.sim.api_base)
    try:
        _wait(lambda: _holder_pid(pg_uri) == other.proc.pid, 30, "the takeover")
        _wait(lambda: set(sim.received()) == sim.changes(), 60, "the other worker's poll")
        stalled.proc.send_signal(signal.SIGCONT)
        # Stopped between pages, its next commit is refused by the fencing token;
        # stopped inside a commit, the server ended its idle transaction (and
        # the row lock that would have blocked the takeover) after the ttl.
        _wait(lambda: any("was taken over; page not committed" in line
                          or "idle-in-transaction" in line for line in stalled.lines),
              30, "the stalled worker's refused page")
        sim.call("/_sim/api/faults", {})
        _wait(lambda: status_json(pg_uri)["totals"]["pending"] == 0, 30, "delivery")
    finally:
        stalled.proc.send_signal(signal.SIGCONT)
        codes = [stalled.stop(signal.SIGTERM), other.stop(signal.SIGTERM)]
    assert codes == [0, 0], [stalled.lines[-3:], other.lines[-3:]]
    assert_all_delivered(sim, pg_uri, ledger)  # type: ignore[arg-type]
