"""Crash and signal safety of `sage200cfg run`: SIGKILL loses nothing, SIGTERM stops cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from rt_helpers import KEY, KEY_ENV, PASSWORD, PW_ENV, make_plan, now_ms, res, since_iso, write_plan

WORKERS, BATCH, UNACKED = 2, 8, 32  # run --workers 2; Deliverer batch and max_unacked


def _start(sim, plan, state, *args):
    env = {**os.environ, KEY_ENV: KEY, PW_ENV: PASSWORD}
    return subprocess.Popen(
        [sys.executable, "-m", "sage200cfg", "run", str(plan), "--base-url", sim.sim.api_base,
         "--state", str(state), "--workers", str(WORKERS), *args],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _runtimes_using(path):
    """Pids of live processes whose command line names ``path``."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if str(path).encode() in (proc / "cmdline").read_bytes():
                found.append(int(proc.name))
        except OSError:
            pass
    return found


def _wait_for(predicate, timeout=20.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_sigkill_during_delivery_loses_nothing(sim, tmp_path):
    start = now_ms() - 2000
    sim.create("customers", 900, start, start + 1000)
    sim.create("products", 300, start, start + 1000)
    sim.call("/_sim/sink/faults", {"delay_ms": 10})  # a slow receiver keeps POSTs in flight
    plan = write_plan(tmp_path, make_plan(sim, [res("customers", page_size=100),
                                                res("products", page_size=100)]))
    state = tmp_path / "s.db"
    since = since_iso(10)
    # A killed first run may or may not have stored watermarks (only a completed
    # poll does), so each rerun restates where to start; the seen-set dedupes.
    again = ("--since", since, "--reset-watermarks")
    for kill_after in (1, 40):  # early (still polling) and mid-delivery
        proc = _start(sim, plan, state, "--once", *again)
        _wait_for(lambda n=kill_after: sim.sim.sink.notifications >= n)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=10)
        assert proc.returncode == -signal.SIGKILL
        _wait_for(lambda: not _runtimes_using(plan), 5)  # its delivery process died too
    before = sim.call("/_sim/sink")
    assert before["notifications"] - before["duplicate_notifications"] < 120  # work was left
    sim.call("/_sim/sink/faults", {})
    final = _start(sim, plan, state, "--once", *again)
    _, err = final.communicate(timeout=60)
    assert final.returncode == 0, err
    received = sim.received()
    assert set(received) == sim.changes()  # every change delivered
    stats = sim.call("/_sim/sink")
    assert stats["notifications"] - stats["duplicate_notifications"] == 120
    # Only notifications in flight at a kill can repeat: at most the rows the
    # workers had claimed plus the acknowledgements not yet written, per kill.
    assert stats["duplicate_notifications"] <= 2 * (WORKERS * BATCH + UNACKED)
    assert all(kind == "CREATED" for _, kind in received.values())


def test_sigterm_finishes_the_page_and_exits_cleanly(sim, tmp_path):
    plan = write_plan(tmp_path, make_plan(sim, [res("customers", interval=1)]))
    proc = _start(sim, plan, tmp_path / "s.db", "--since", since_iso(1))
    sim.create("customers", 5, now_ms())
    _wait_for(lambda: sim.sim.sink.events >= 5)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=15)
    assert proc.returncode == 0, err
    assert "stopped on signal; state committed" in err
    assert set(sim.received()) == sim.changes()
