"""SIGKILL campaign: `sage200cfg run` killed 22 times at random points while the hub
keeps changing (about 7,000 changes), restarted on the same state file each time.

Kills land while the runtime starts, polls, commits pages or delivers (half of
them are timed from the start, half wait for a random number of deliveries).
tests/runtime/test_crash_and_signals.py proves two kills and the delivery
process dying with the runtime; this is the campaign. The bound on duplicates
is the deliverer's: per kill, at most workers * batch rows claimed plus
max_unacked acknowledgements not yet written.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from delivery_check import assert_all_delivered
from rt_helpers import KEY, KEY_ENV, PASSWORD, PW_ENV, make_plan, now_ms, res, since_iso, write_plan

KILLS = 22
WORKERS, BATCH, UNACKED = 2, 8, 32
RESOURCES = ("customers", "products", "invoices")


def _start(sim, plan, state, *args):
    env = {**os.environ, KEY_ENV: KEY, PW_ENV: PASSWORD}
    return subprocess.Popen(
        [sys.executable, "-m", "sage200cfg", "run", str(plan), "--base-url", sim.sim.api_base,
         "--state", str(state), "--workers", str(WORKERS), *args],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )


def _alive_using(path: Path) -> bool:
    """True while any process (the runtime or its delivery child) names ``path``."""
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if str(path).encode() in (proc / "cmdline").read_bytes():
                return True
        except OSError:
            pass
    return False


def _change(sim, rng: random.Random) -> None:
    """300 creates, and 30 updates of records whose latest change was delivered
    (an update of an undelivered record would hide that change from any poller)."""
    at = now_ms()
    for name in RESOURCES:
        sim.create(name, 100, at)
    received = sim.received()
    latest: dict[tuple[str, str], int] = {}
    for resource, object_id, _created, updated in sim.call("/_sim/changes")["changes"]:
        latest[(resource, object_id)] = updated
    done = sorted(k for k, u in latest.items() if (*k, u) in received)
    for resource, object_id in rng.sample(done, min(30, len(done))):
        sim.call("/_sim/update", {"resource": resource, "ids": [int(object_id)], "at": at})


def _kill_point(sim, rng: random.Random) -> None:
    if rng.random() < 0.5:
        time.sleep(rng.uniform(0.3, 1.5))  # anywhere from start-up to delivery
        return
    target = sim.sim.sink.notifications + rng.randint(1, 25)
    deadline = time.monotonic() + 3
    while sim.sim.sink.notifications < target and time.monotonic() < deadline:
        time.sleep(0.005)


def test_twenty_two_sigkills_lose_nothing(sim, ledger, tmp_path):
    rng = random.Random(7)
    sim.call("/_sim/sink/faults", {"delay_ms": 15})  # keeps POSTs in flight at a kill
    plan = write_plan(tmp_path, make_plan(
        sim, [res(n, interval=1, page_size=50) for n in RESOURCES]))
    state = tmp_path / "state.db"
    since = since_iso(5)
    interrupted = 0  # kills that left changes undelivered
    for _ in range(KILLS):
        _change(sim, rng)
        # A killed run stored watermarks only for polls it completed: restate the start.
        proc = _start(sim, plan, state, "--since", since, "--reset-watermarks")
        _kill_point(sim, rng)
        proc.send_signal(signal.SIGKILL)
        _, err = proc.communicate(timeout=10)
        assert proc.returncode == -signal.SIGKILL, err
        deadline = time.monotonic() + 5
        while _alive_using(plan):
            assert time.monotonic() < deadline, "the delivery process outlived the runtime"
            time.sleep(0.01)
        interrupted += sim.call("/_sim/sink")["unique_events"] < len(sim.changes())
    assert len(sim.changes()) >= 7000
    assert interrupted >= KILLS // 2  # most kills cut work short
    sim.call("/_sim/sink/faults", {})
    final = _start(sim, plan, state, "--once", "--since", since, "--reset-watermarks")
    _, err = final.communicate(timeout=60)
    assert final.returncode == 0, err
    assert_all_delivered(sim, state, ledger, max_resent=KILLS * (WORKERS * BATCH + UNACKED))
