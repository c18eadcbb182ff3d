"""`sage200cfg run --once` end to end: simulator on loopback, real SQLite, real subprocesses."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import subprocess
import sys
import time

from rt_helpers import (
    KEY,
    KEY_ENV,
    PASSWORD,
    PW_ENV,
    USER,
    cli_inprocess,
    make_plan,
    now_ms,
    res,
    run_once,
    since_iso,
    status_json,
    write_plan,
)


def test_created_and_updated_events_reach_the_sink_signed(sim, tmp_path):
    start = now_ms() - 1500
    sim.create("customers", 3, start, start + 200)
    sim.call("/_sim/update", {"resource": "customers", "count": 2, "at": start + 500})
    plan = write_plan(tmp_path, make_plan(sim, [res("customers")]))
    result = run_once(sim, plan, tmp_path / "state.db", "--since", since_iso(5))
    assert result.returncode == 0, result.stderr
    received = sim.received()
    assert set(received) == sim.changes()
    kinds = sorted(kind for _, kind in received.values())
    # Two of the seeded records were updated; the three new ones were created.
    assert kinds == ["CREATED", "CREATED", "CREATED", "UPDATED", "UPDATED"]
    stats = sim.call("/_sim/sink")
    assert stats["rejected"] == {} and stats["duplicate_events"] == 0


def test_the_simulator_times_the_first_request_and_the_notifications(sim, tmp_path):
    # bench_fleet.py's rate while working runs from the one to the last of the others.
    assert sim.call("/_sim/api")["first_at"] is None
    assert (sim.call("/_sim/sink")["first_at"], sim.call("/_sim/sink")["last_at"]) == (None, None)
    start = now_ms() - 1500
    sim.create("customers", 25, start, start + 200)  # three notifications of 10
    plan = write_plan(tmp_path, make_plan(sim, [res("customers")]))
    before = time.time()
    assert run_once(sim, plan, tmp_path / "state.db", "--since", since_iso(5)).returncode == 0
    first_request = sim.call("/_sim/api")["first_at"]
    sink = sim.call("/_sim/sink")
    assert sink["notifications"] == 3
    assert before < first_request < sink["first_at"] < sink["last_at"] < time.time()


#: Runs the CLI, then says on stderr whether prometheus_client was ever imported.
IMPORT_PROBE = """
import atexit, sys
atexit.register(lambda: print("prometheus imported:", "prometheus_client" in sys.modules,
                              file=sys.stderr))
sys.argv[0] = "sage200cfg"
from sage200cfg.cli import main
main()
"""


def test_a_run_without_metrics_addr_never_imports_prometheus(sim, tmp_path):
    # Every `--once` start (cron, each worker of a fleet) would pay for it unused.
    start = now_ms() - 1500
    sim.create("customers", 3, start, start + 200)
    plan = write_plan(tmp_path, make_plan(sim, [res("customers")]))
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_PROBE, "run", str(plan), "--once", "--base-url",
         sim.sim.api_base, "--state", str(tmp_path / "state.db"), "--since", since_iso(5)],
        env={**os.environ, KEY_ENV: KEY, PW_ENV: PASSWORD}, capture_output=True, text=True,
        timeout=60)
    assert result.returncode == 0, result.stderr
    assert set(sim.received()) == sim.changes()
    assert result.stderr.splitlines()[-1] == "prometheus imported: False"


def test_notification_matches_the_cloud_elements_envelope(sim, tmp_path):
    captured = []
    original = sim.sim.sink.handle

    async def spy(request):
        captured.append(request)
        return await original(request)

    sim.sim.sink.handle = spy
    sim.create("customers", 12, now_ms() - 1000)
    plan = write_plan(tmp_path, make_plan(sim, [res("customers")]))
    assert run_once(sim, plan, tmp_path / "s.db", "--since", since_iso(5)).returncode == 0
    assert sorted(len(json.loads(r.body)["message"]["events"]) for r in captured) == [2, 10]
    request = captured[0]
    body = json.loads(request.body)
    assert set(body) == {"severity", "createdDate", "topic", "action", "id", "message", "user"}
    message = body["message"]
    assert message["elementKey"] == "sage200" and message["instanceName"] == "testInstance"
    assert message["raw"]["objectType"] == "customers"
    assert len(message["raw"]["customers"]) == len(message["events"])
    # No top-level id in the config: a stable id derived from the instance name.
    from sage200cfg.runtime.envelope import derived_instance_id

    assert message["instanceId"] == message["instance_id"] == derived_instance_id("testInstance")
    assert isinstance(message["instanceId"], int) and message["instanceTags"] == ["testInstance"]
    event = message["events"][0]
    assert set(event) == {"date", "elementKey", "pollDate", "eventType", "hubKey", "objectId",
                          "objectType", "eventId"}
    every = [e["eventId"] for r in captured for e in json.loads(r.body)["message"]["events"]]
    assert len(set(every)) == 12 and all(len(i) == 20 for i in every)
    assert event["hubKey"] == "finance" and event["eventType"] == "CREATED"
    assert message["raw"]["customers"][0]["objectId"] == event["objectId"]
    digest = hmac.new(KEY.encode(), request.body, hashlib.sha256).digest()
    assert request.headers["elements-webhook-signature"] == (
        "sha256=" + base64.b64encode(digest).decode()
    )
    assert request.headers["elements-webhook-id"] == message["eventId"]
    basic = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    assert request.headers["authorization"] == f"Basic {basic}"
    assert request.headers["content-type"] == "application/json"


def test_failed_first_poll_creates_no_watermark(sim, tmp_path):
    sim.create("customers", 2, now_ms() - 1000)
    sim.call("/_sim/api/faults", {"fail_next": [503] * 5, "retry_after": 0})
    plan = write_plan(tmp_path, make_plan(sim, [res("customers")]))
    state = tmp_path / "s.db"
    since = since_iso(5)
    failed = run_once(sim, plan, state, "--since", since)
    assert failed.returncode == 1
    row = status_json(state)["resources"][0]
    # A poll that did not complete never creates or moves a watermark, so
    # --since still applies to the next run.
    assert row["watermarkOrigin"] is None and "HTTP 503" in row["lastError"]
    assert sim.call("/_sim/sink")["events"] == 0
    assert run_once(sim, plan, state, "--since", since).returncode == 0
    assert set(sim.received()) == sim.changes()
    row = status_json(state)["resources"][0]
    assert row["watermarkOrigin"] == "poll" and row["lastError"] is None


def test_dead_letters_and_replay(sim, tmp_path):
    sim.create("customers", 15, now_ms() - 1000)
    sim.call("/_sim/sink/faults", {"fail_rate": 1.0, "fail_status": 500})
    plan = write_plan(tmp_path, make_plan(sim, [res("customers")], max_retries=2,
                                          backoff=0.05))
    state = tmp_path / "s.db"
    failed = run_once(sim, plan, state, "--since", since_iso(5))
    assert failed.returncode == 1
    assert "dead-lettered" in failed.stderr
    totals = status_json(state)["totals"]
    assert totals["dead"] == 2 and totals["pending"] == 0, failed.stderr
    assert sim.call("/_sim/sink")["rejected"] == {"injected 500": 6}  # 2 x (1 + 2 retries)
    sim.call("/_sim/sink/faults", {})
    code, out, _ = cli_inprocess("events", "replay", "--state", str(state), "--dead")
    assert code == 0 and out.strip() == "re-queued 2 dead-lettered notifications"
    assert run_once(sim, plan, state).returncode == 0
    assert set(sim.received()) == sim.changes()
    assert status_json(state)["totals"] == {"dead": 0, "deliveredEvents": 15, "pending": 0,
                                            "quarantined": 0}


def test_pending_deliveries_exit_3_and_are_sent_by_the_next_run(sim, tmp_path):
    sim.create("customers", 3, now_ms() - 1000)
    sim.call("/_sim/sink/faults", {"fail_rate": 1.0, "fail_status": 503})
    plan = write_plan(tmp_path, make_plan(sim, [res("customers")]))  # CE backoff: 4 s
    state = tmp_path / "s.db"
    result = run_once(sim, plan, state, "--since", since_iso(5), "--drain-timeout", "2")
    assert result.returncode == 3
    row = status_json(state)["resources"][0]
    assert (row["pending"], row["lastDeliveryError"]) == (1, "HTTP 503 from the callback")
    sim.call("/_sim/sink/faults", {})
    code, out, _ = cli_inprocess("events", "replay", "--state", str(state))
    assert (code, out.strip()) == (0, "re-queued 1 pending notification")
    assert run_once(sim, plan, state).returncode == 0
    assert set(sim.received()) == sim.changes()
