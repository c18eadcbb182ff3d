"""A fleet whose workers run different plans for a while: a rolling restart onto a
plan that adds a company. Each worker delivers the notifications of its own plan's
instances and hands the others back untouched, so the new company's notifications
wait for no retry, and no worker reports them as failing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
from rt_helpers import KEY, KEY_ENV, PASSWORD, PW_ENV, USER, cli, now_ms, since_iso

from sage200cfg.plan.model import dumps
from sage200cfg.runtime.simulator.plans import instance_json, plan_from_instances, resource_json

OWNED = {"old": ["customers", "products"], "new": ["invoices", "payments"]}


def _plan(sim, tmp_path: Path, tenants: list[str]) -> Path:
    path = tmp_path / f"plan-{len(tenants)}.json"
    path.write_text(dumps(plan_from_instances([instance_json(
        t, sim.sim.sink_url, [resource_json(r, interval=1, page_size=20) for r in OWNED[t]],
        username=USER, password_env=PW_ENV, signature_env=KEY_ENV) for t in tenants])))
    return path


def _service(sim, plan: Path, state: str, since: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "sage200cfg", "run", str(plan), "-v", "--base-url",
         sim.sim.api_base, "--state", state, "--since", since],
        env={**os.environ, KEY_ENV: KEY, PW_ENV: PASSWORD}, stderr=subprocess.PIPE, text=True)


def _changes(sim) -> None:
    for name in OWNED["old"] + OWNED["new"]:
        sim.create(name, 5, now_ms() - 500)


def _delivered_within(sim, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while set(sim.received()) != sim.changes():
        if time.monotonic() > end:
            return False
        time.sleep(0.1)
    return True


def test_a_worker_on_the_old_plan_leaves_a_new_companys_notifications_alone(
        sim, tmp_path, pg_state):
    old, both = _plan(sim, tmp_path, ["old"]), _plan(sim, tmp_path, ["old", "new"])
    since = since_iso(10)
    running = [_service(sim, old, pg_state, since)]
    try:
        _changes(sim)
        # The first worker on the new plan polls the new company while the callback
        # is down; its notifications are made due again at once, so that the old
        # plan's worker is the only one that can claim them.
        sim.call("/_sim/sink/faults", {"fail_rate": 1.0, "fail_status": 503})
        polled = cli("run", str(both), "--once", "--base-url", sim.sim.api_base, "--state",
                     pg_state, "--since", since, "--drain-timeout", "0")
        # 0 when its drain found every row claimed by the running worker for a moment.
        assert polled.returncode in (0, 3), polled.stderr
        sim.call("/_sim/sink/faults", {})
        tried = _attempts(pg_state, "new")
        assert len(tried) == len(OWNED["new"])  # a notification per resource
        assert cli("events", "replay", "--state", pg_state).returncode == 0
        time.sleep(1.5)
        assert _attempts(pg_state, "new") == tried  # claimed, and handed back untouched
        running.append(_service(sim, both, pg_state, since))
        # A failed delivery would be retried 4 s later, then 16 s more.
        assert _delivered_within(sim, 12), "waited for retries"
        _changes(sim)
        assert _delivered_within(sim, 12), "waited for retries"
    finally:
        for proc in running:
            proc.send_signal(signal.SIGTERM)
        logs = [proc.communicate(timeout=60)[1] for proc in running]
    assert [proc.returncode for proc in running] == [0, 0], logs
    assert set(sim.received()) == sim.changes()
    assert sim.call("/_sim/sink")["duplicate_events"] == 0
    assert "no longer in the plan" not in logs[0], logs[0]
    assert "instance new is not in this plan: its notifications are left to the workers " \
           "whose plan has it" in logs[0]


def _attempts(state: str, instance: str) -> list[int]:
    with psycopg.connect(state) as conn:
        rows = conn.execute("SELECT o.attempts FROM outbox o JOIN resources r USING (rid) "
                            "WHERE r.instance = %s AND o.state = 'pending'", (instance,))
        return [int(row[0]) for row in rows]


def test_a_once_run_of_the_old_plan_drains_its_own_and_exits(sim, tmp_path, pg_state):
    old, both = _plan(sim, tmp_path, ["old"]), _plan(sim, tmp_path, ["old", "new"])
    run = ["--once", "--base-url", sim.sim.api_base, "--state", pg_state]
    _changes(sim)
    # The new plan's worker polls while the callback is down: its notifications
    # stay pending (made due again at once, so that nothing waits out a back-off).
    sim.call("/_sim/sink/faults", {"fail_rate": 1.0, "fail_status": 503})
    polled = cli("run", str(both), *run, "--since", since_iso(10), "--drain-timeout", "0")
    assert polled.returncode == 3, polled.stderr
    sim.call("/_sim/sink/faults", {})
    assert cli("events", "replay", "--state", pg_state).returncode == 0
    started = time.monotonic()
    quiet = cli("run", str(old), *run, "--drain-timeout", "20")
    assert quiet.returncode == 0, quiet.stderr
    assert time.monotonic() - started < 15  # it did not wait out the drain timeout
    assert "no longer in the plan" not in quiet.stderr, quiet.stderr
    assert {c for c in sim.received() if c[0] in OWNED["new"]} == set()
    assert {c for c in sim.changes() if c[0] in OWNED["old"]} <= set(sim.received())
    last = cli("run", str(both), *run)
    assert last.returncode == 0, last.stderr
    assert set(sim.received()) == sim.changes()
