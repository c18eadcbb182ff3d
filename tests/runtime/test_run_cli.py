"""`run`, `status`, `simulate` and `demo` from the outside: exit codes, messages, secrets."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

from rt_helpers import (
    KEY,
    PASSWORD,
    cli,
    cli_inprocess,
    make_plan,
    now_ms,
    res,
    run_once,
    since_iso,
    write_plan,
)

from sage200cfg.runtime.simulator.app import SimConfig, Simulator


def test_missing_secret_variable_is_named_before_anything_runs(sim, tmp_path):
    plan = write_plan(tmp_path, make_plan(sim, [res("customers")]))
    env = {k: v for k, v in os.environ.items() if k != "RT_TEST_SIGNATURE_KEY"}
    result = subprocess.run(
        [sys.executable, "-m", "sage200cfg", "run", str(plan), "--once", "--base-url",
         sim.sim.api_base, "--state", str(tmp_path / "s.db")],
        env={**env, "RT_TEST_CALLBACK_PASSWORD": PASSWORD}, capture_output=True, text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "error: environment variables for plan secrets are not set: "
        "testInstance: RT_TEST_SIGNATURE_KEY"
    )
    assert not (tmp_path / "s.db").exists()
    assert sim.requests() == {}


def test_plain_http_needs_allow_http_except_on_loopback(sim, tmp_path):
    # Every other test runs over plain http to 127.0.0.1, which needs no flag.
    plan = write_plan(tmp_path, make_plan(sim, [res("customers")]))
    far = cli("run", str(plan), "--once", "--base-url", "http://sage.example.com/elements/api-v2",
              "--state", str(tmp_path / "t.db"))
    assert far.returncode == 2
    assert far.stderr.strip() == (
        "error: --base-url 'http://sage.example.com/elements/api-v2' uses plain http; "
        "use https or pass --allow-http"
    )


def test_unknown_plan_version_is_refused(sim, tmp_path):
    plan = write_plan(tmp_path, make_plan(sim, [res("customers")]))
    data = json.loads(plan.read_text())
    data["version"] = 99
    plan.write_text(json.dumps(data))
    result = run_once(sim, plan, tmp_path / "s.db")
    assert result.returncode == 2
    assert "plan version 99 is not supported" in result.stderr


def test_secrets_never_appear_in_logs_or_status(tmp_path):
    auth = "User u-secret-91c4, Organization o-secret-77ab, Element e-secret-30f2"
    sim = Simulator(SimConfig(records=1, auth_header=auth, sink_key=KEY,
                              sink_username="CompanyName123", sink_password=PASSWORD))
    sim.start_in_thread()
    try:
        from rt_helpers import Sim

        helper = Sim(sim)
        helper.create("customers", 3, now_ms() - 1000)
        plan = write_plan(tmp_path, make_plan(helper, [res("customers")], backoff=0.05))
        state = tmp_path / "s.db"
        original = sim.handle

        async def echoing(request):  # a hub that echoes credentials in its errors
            response = await original(request)
            if response.status == 401:
                response.body += request.headers.get("authorization", "").encode()
            return response

        sim.server._handler = echoing
        wrong = auth.replace("u-secret-91c4", "u-secret-WRONG1")
        denied = run_once(helper, plan, state, "--since", since_iso(5), "--auth-header", wrong)
        assert denied.returncode == 1 and "HTTP 401" in denied.stderr
        assert 'HTTP 401 from the hub API: {"message": "Authorization header is missing or ' \
            'wrong"}***' in denied.stderr
        assert "u-secret-WRONG1" not in denied.stderr
        helper.call("/_sim/sink/faults", {"fail_next": [500]})
        ok = run_once(helper, plan, state, "--auth-header", auth, "-v", "--since", since_iso(8))
        assert ok.returncode == 0, ok.stderr
        assert set(helper.received()) == helper.changes()
        outputs = [denied.stdout, denied.stderr, ok.stdout, ok.stderr,
                   cli_inprocess("status", "--state", str(state))[1],
                   cli_inprocess("status", "--state", str(state), "--json")[1]]
        blob = "\n".join(outputs)
        for secret in (KEY, PASSWORD, "u-secret-91c4", "o-secret-77ab", "e-secret-30f2"):
            assert secret not in blob
        assert oct(state.stat().st_mode & 0o777) == "0o600"
    finally:
        sim.stop()


def test_status_text_lists_each_resource(sim, tmp_path):
    sim.create("customers", 2, now_ms() - 1000)
    plan = write_plan(tmp_path, make_plan(sim, [res("customers"), res("products")]))
    state = tmp_path / "s.db"
    assert run_once(sim, plan, state, "--since", since_iso(5)).returncode == 0
    code, out, _ = cli_inprocess("status", "--state", str(state))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["resource", "watermark", "(UTC)", "from", "pending", "dead",
                                "quarantined", "delivered", "last", "error"]
    assert lines[1].split()[0] == "testInstance/customers"
    assert lines[1].split()[2:8] == ["poll", "0", "0", "0", "2", "events"]
    assert lines[2].split()[0] == "testInstance/products"
    missing = cli_inprocess("status", "--state", str(tmp_path / "none.db"))
    assert missing[0] == 2 and "no state file at" in missing[2]


def test_second_runtime_on_the_same_state_file_is_refused(sim, tmp_path):
    from sage200cfg.runtime.store.sqlite import SqliteStore

    plan = write_plan(tmp_path, make_plan(sim, [res("customers")]))
    state = tmp_path / "s.db"
    holder = SqliteStore(state, exclusive=True)
    try:
        result = run_once(sim, plan, state)
    finally:
        holder.close()
    assert result.returncode == 2
    assert f"another sage200cfg run is using state file {state}" in result.stderr


def _simulate(tmp_path, records: int) -> tuple[subprocess.Popen[str], dict[str, str]]:
    """A real `sage200cfg simulate` process, once its ready file says where it listens."""
    ready = tmp_path / "ready.json"
    proc = subprocess.Popen(
        [sys.executable, "-m", "sage200cfg", "simulate", "--port", "0", "--records", str(records),
         "--ready-file", str(ready)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 20
    while not ready.exists():
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            raise AssertionError(f"simulate did not start: {proc.communicate()[1]}")
        time.sleep(0.02)
    info: dict[str, str] = json.loads(ready.read_text())
    return proc, info


def test_simulate_command_serves_the_hub_until_sigterm(tmp_path):
    proc, info = _simulate(tmp_path, 4)
    try:
        url = info["api_base"] + "/hubs/finance/products/prices?pageSize=3"
        with urllib.request.urlopen(url, timeout=5) as response:
            records = json.loads(response.read())
            token = response.headers["elements-next-page-token"]
        assert [sorted(r)[:3] for r in records][0] == ["currency_id", "currency_name",
                                                       "currency_symbol"]
        assert len(records) == 3 and "product_price_id" in records[0] and token
    finally:
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=10)
    assert proc.returncode == 0
    assert out.startswith("simulator: API base http://127.0.0.1:")


def test_simulate_stops_quietly_while_a_client_holds_a_connection(tmp_path):
    proc, info = _simulate(tmp_path, 0)
    try:
        port = int(info["api_base"].split(":")[2].split("/")[0])
        kept = http.client.HTTPConnection("127.0.0.1", port, timeout=5)  # keep-alive, left open
        kept.request("GET", "/_sim/api")
        assert kept.getresponse().read().startswith(b'{"requests"')
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=10)
        kept.close()
    finally:
        proc.kill()
        proc.wait()
    assert (proc.returncode, err) == (0, "")


def test_demo_delivers_every_change(tmp_path):
    result = cli("demo", "--cycles", "2", "--interval", "1", "--rate", "20",
                 "--state", str(tmp_path / "demo.db"), timeout=120)
    assert result.returncode == 0, result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert ": 0 not delivered; 0 duplicate events;" in last
    assert "cycle 1:" in result.stdout and "cycle 2:" in result.stdout


def test_demo_without_state_leaves_nothing_behind(tmp_path):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    result = cli("demo", "--cycles", "1", "--interval", "1", "--rate", "5",
                 env={"TMPDIR": str(scratch)}, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("state discarded (--state keeps it)")
    assert list(scratch.iterdir()) == []


def test_run_v_counts_in_words(sim, tmp_path):
    sim.create("customers", 1, now_ms() - 1000)
    plan = write_plan(tmp_path, make_plan(sim, [res("customers")]))
    result = run_once(sim, plan, tmp_path / "s.db", "--since", since_iso(5), "-v")
    assert result.returncode == 0, result.stderr
    # A page with the record, then the empty page that ends the poll.
    assert "testInstance/customers: 2 pages, 2 requests, 1 new event, 0 repeats skipped" in (
        result.stderr
    )
    assert ("cycle done: polled 1 resource, 1 event queued, 0 quarantined; delivered "
            "1 notification (1 event)") in (
        result.stderr
    )
