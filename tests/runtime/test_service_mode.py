"""`run` as a long-running service: metrics, health, signals with a hung API, a killed
delivery child, parallel polls and JSON logs; real processes, HTTP and SQLite."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from rt_helpers import (
    KEY,
    KEY_ENV,
    PASSWORD,
    PW_ENV,
    make_plan,
    now_ms,
    res,
    run_once,
    since_iso,
    status_json,
    write_plan,
)

METRICS = (
    "sage200cfg_polls_total", "sage200cfg_events_delivered_total",
    "sage200cfg_notifications_failed_total", "sage200cfg_outbox_pending",
    "sage200cfg_outbox_oldest_age_seconds", "sage200cfg_dead_letters_total",
    "sage200cfg_last_poll_success_timestamp_seconds",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_run(sim, plan, state, *args, stderr_path=None):
    env = {**os.environ, KEY_ENV: KEY, PW_ENV: PASSWORD}
    err = open(stderr_path, "w") if stderr_path else subprocess.PIPE  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "sage200cfg", "run", str(plan), "--base-url", sim.sim.api_base,
         "--state", str(state), *args],
        env=env, stdout=subprocess.DEVNULL, stderr=err, text=True,
    )
    proc.stderr_file = err  # type: ignore[attr-defined]
    return proc


def wait_for(predicate, timeout=20.0, what="condition"):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()
    except OSError:
        return 0, ""


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            found += [int(p) for p in (task / "children").read_text().split()]
    return found


def test_healthz_metrics_and_an_unhealthy_resource(sim, tmp_path):
    port = free_port()
    plan = write_plan(tmp_path, make_plan(sim, [res("customers", interval=1),
                                                res("products", interval=1)]))
    sim.create("customers", 7, now_ms() - 500)
    err = tmp_path / "err.log"
    proc = start_run(sim, plan, tmp_path / "s.db", "--since", since_iso(5),
                     "--metrics-addr", f"127.0.0.1:{port}", stderr_path=err)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: sim.sim.sink.events >= 7, what="delivery")
        wait_for(lambda: get(base + "/healthz")[0] == 200, what="healthy")
        status, body = get(base + "/healthz")
        health = json.loads(body)
        assert health["status"] == "ok" and health["delivery"] == {"alive": True}
        assert {r["resource"] for r in health["resources"]} == {"customers", "products"}
        wait_for(lambda: 'sage200cfg_events_delivered_total{instance="testInstance"} 7.0'
                 in get(base + "/metrics")[1], what="delivered counter")
        metrics = get(base + "/metrics")[1]
        for name in METRICS:
            assert name in metrics, name
        assert 'sage200cfg_polls_total{instance="testInstance",outcome="ok",resource=' \
            '"customers"}' in metrics
        assert 'sage200cfg_outbox_pending{instance="testInstance"} 0.0' in metrics
        # One resource's API fails: within two intervals /healthz says which.
        sim.call("/_sim/api/faults", {"fail_rate": 1.0, "fail_status": 500})
        wait_for(lambda: get(base + "/healthz")[0] == 503, timeout=30, what="unhealthy")
        problems = json.loads(get(base + "/healthz")[1])["problems"]
        assert any(p.startswith("testInstance/") and "limit 2 s" in p for p in problems)
        wait_for(lambda: 'outcome="failed"' in get(base + "/metrics")[1], timeout=40,
                 what="a failed poll counted")
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
        proc.stderr_file.close()
    assert proc.returncode == 0, err.read_text()
    log = err.read_text()
    assert "status page, /metrics and /healthz on http://127.0.0.1:" in log
    assert "cycle: polled 2 (0 failed), queued 7 events" in log


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["TERM", "INT"])
def test_a_signal_with_the_api_hung_ends_within_30_s_with_state_committed(sim, tmp_path,
                                                                          signum):
    plan = write_plan(tmp_path, make_plan(sim, [res("customers", interval=1, page_size=5),
                                                res("products", interval=1)]))
    state = tmp_path / "s.db"
    sim.create("customers", 12, now_ms() - 500)
    since = since_iso(5)
    # Responses slower than the 30 s API timeout: every poll hangs in a request.
    sim.call("/_sim/api/faults", {"delay_ms": 120_000})
    proc = start_run(sim, plan, state, "--since", since)
    wait_for(lambda: sum(sim.requests().values()) >= 2, what="hung requests")
    time.sleep(0.5)
    sent = time.monotonic()
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=40)
    took = time.monotonic() - sent
    assert took < 30, f"took {took:.1f} s"
    assert proc.returncode == 0, err
    assert "stopped on signal; state committed" in err
    assert "polls still waiting on the API" in err
    # State is intact and nothing was lost: the next run polls from the same start.
    assert all(r["watermark"] is None for r in status_json(state)["resources"])
    sim.call("/_sim/api/faults", {})
    done = run_once(sim, plan, state, "--since", since)
    assert done.returncode == 0, done.stderr
    assert set(sim.received()) == sim.changes()


def test_a_killed_delivery_child_is_restarted_and_nothing_is_lost(sim, tmp_path):
    plan = write_plan(tmp_path, make_plan(sim, [res("customers", interval=1)]))
    state = tmp_path / "s.db"
    sim.create("customers", 30, now_ms() - 500)
    proc = start_run(sim, plan, state, "--since", since_iso(5))
    try:
        wait_for(lambda: sim.sim.sink.events >= 30, what="first delivery")
        wait_for(lambda: len(children(proc.pid)) == 1, what="the delivery child")
        (child,) = children(proc.pid)
        os.kill(child, signal.SIGKILL)
        sim.call("/_sim/sink/faults", {"delay_ms": 5})
        sim.create("customers", 40, now_ms())
        wait_for(lambda: set(sim.received()) == sim.changes(), timeout=40,
                 what="delivery after the restart")
        assert [c for c in children(proc.pid) if c != child], "no new child"
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert f"the delivery process (pid {child}) died with exit code -9; restarting it" in err
    assert "delivery process restarted (pid " in err
    assert status_json(state)["totals"]["pending"] == 0


def test_one_hung_resource_does_not_hold_the_others_back(sim, tmp_path):
    from sage200cfg.runtime.engine import RunOptions, run
    from sage200cfg.runtime.transports.base import ApiRetry

    os.environ.setdefault(KEY_ENV, KEY)
    os.environ.setdefault(PW_ENV, PASSWORD)
    sim.call("/_sim/api/faults", {"delay_ms": 60_000, "delay_resources": ["products"]})
    plan = make_plan(sim, [res("customers", interval=1), res("products", interval=1)])
    options = RunOptions(base_url=sim.sim.api_base, state=tmp_path / "s.db",
                         since=None, api_retry=ApiRetry(base=0.01), poll_workers=2)
    stop = threading.Event()
    worker = threading.Thread(target=run, args=(plan, options, stop))
    worker.start()
    try:
        wait_for(lambda: sim.requests().get("products", 0) >= 1, what="the hung poll")
        for n in range(3):  # customers keep their 1 s interval meanwhile
            sim.create("customers", 2, now_ms())
            wait_for(lambda n=n: sim.sim.sink.events >= 2 * (n + 1), timeout=10,
                     what="customers delivered while products hang")
        assert sim.requests()["customers"] >= 3
    finally:
        stop.set()
        worker.join(30)
    assert not worker.is_alive()
    assert set(sim.received()) == sim.changes()


def test_json_logs_carry_instance_webhook_and_outcome(sim, tmp_path):
    sim.create("customers", 3, now_ms() - 500)
    sim.call("/_sim/sink/faults", {"fail_rate": 1.0, "fail_status": 401})
    plan = write_plan(tmp_path, make_plan(sim, [res("customers")], max_retries=3,
                                          backoff=0.05))
    result = run_once(sim, plan, tmp_path / "s.db", "--since", since_iso(5),
                      "--log-format", "json")
    assert result.returncode == 1
    lines = [json.loads(line) for line in result.stderr.splitlines()]
    causes = [x for x in lines if "failing" in x["message"]]
    assert len(causes) == 1  # once per cause, not per try
    assert causes[0]["message"] == ("delivery to instance testInstance failing: HTTP 401 from "
                                    "the callback (retried with back-off; said once per cause)")
    assert causes[0]["instance"] == "testInstance" and causes[0]["outcome"] == "http_401"
    assert causes[0]["resource"] == "customers" and len(causes[0]["webhook_id"]) == 20
    dead = [x for x in lines if "dead-lettered after" in x["message"]]
    assert dead and all(x["webhook_id"] and x["level"] == "warning" for x in dead)
    starts = [x for x in lines if "starts at --since" in x["message"]]
    assert starts[0]["instance"] == "testInstance" and starts[0]["resource"] == "customers"


def test_bad_service_options_are_clear_usage_errors(sim, tmp_path):
    plan = write_plan(tmp_path, make_plan(sim, [res("customers")]))
    state = tmp_path / "s.db"
    bad_addr = run_once(sim, plan, state, "--metrics-addr", "localhost")
    assert bad_addr.returncode == 2
    assert "error: --metrics-addr 'localhost' is not HOST:PORT (e.g. 127.0.0.1:9464)" \
        in bad_addr.stderr
    bad_format = run_once(sim, plan, state, "--log-format", "xml")
    assert bad_format.returncode == 2
    assert "error: --log-format must be text or json, not 'xml'" in bad_format.stderr
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = run_once(sim, plan, state, "--metrics-addr", f"127.0.0.1:{port}")
    assert busy.returncode == 2 and f"error: --metrics-addr 127.0.0.1:{port}: " in busy.stderr
    for result in (bad_addr, bad_format, busy):
        assert "Traceback" not in result.stderr
