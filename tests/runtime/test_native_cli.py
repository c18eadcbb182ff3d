"""`simulate --api sage200`, `demo --api sage200` and `run --transport sage200` from outside."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

from native_helpers import auth_file, native_cli
from rt_helpers import cli, make_plan, now_ms, res, since_iso, write_plan


def test_simulate_announces_the_native_api_and_sage_id(tmp_path):
    ready = tmp_path / "ready.json"
    proc = subprocess.Popen(
        [sys.executable, "-m", "sage200cfg", "simulate", "--api", "sage200", "--port", "0",
         "--records", "2", "--ready-file", str(ready)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        deadline = time.monotonic() + 20
        while not ready.exists():
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.02)
        info = json.loads(ready.read_text())
        assert info["native_base"].endswith("/uk/sage200/accounts/v1")
        assert info["token_url"].endswith("/oauth/token")
    finally:
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=10)
    assert proc.returncode == 0
    assert "Sage 200 API http://127.0.0.1:" in out and "--authorize-url" in out


def test_demo_over_the_native_api_delivers_every_change(tmp_path):
    result = cli("demo", "--api", "sage200", "--cycles", "2", "--interval", "1", "--rate", "20",
                 "--state", str(tmp_path / "demo.db"), timeout=120)
    assert result.returncode == 0, result.stderr
    assert ": 0 not delivered; 0 duplicate events;" in result.stdout.strip().splitlines()[-1]
    assert "/uk/sage200/accounts/v1" in result.stdout


def test_run_transport_sage200_cli_delivers_and_keeps_secrets_out_of_logs(sim, tmp_path):
    sim.create("warehouse-holdings", 12, now_ms() - 1000)
    plan = write_plan(tmp_path, make_plan(sim, [res("warehouse-holdings", page_size=5)]))
    auth = auth_file(sim, tmp_path)
    result = native_cli(sim, plan, tmp_path / "s.db", auth, "--since", since_iso(10), "-v")
    assert result.returncode == 0, result.stderr
    assert set(sim.received()) == sim.changes() and len(sim.changes()) == 12
    tokens = json.loads(auth.read_text())["tokens"]
    for secret in (tokens["refreshToken"], tokens["accessToken"]):
        assert secret not in result.stderr + result.stdout
    assert "sim-sage200-secret" not in result.stderr


def test_run_transport_options_are_checked(sim, tmp_path):
    plan = write_plan(tmp_path, make_plan(sim, [res("customers")]))
    no_auth = cli("run", str(plan), "--once", "--transport", "sage200", "--state",
                  str(tmp_path / "s.db"), "--api-url", sim.sim.native_base)
    assert no_auth.returncode == 2 and "needs --auth-file" in no_auth.stderr
    wrong = cli("run", str(plan), "--once", "--transport", "soap", "--state",
                str(tmp_path / "s.db"))
    assert wrong.returncode == 2 and "use hub or sage200" in wrong.stderr
    edition = cli("run", str(plan), "--once", "--transport", "sage200", "--edition", "extra",
                  "--auth-file", str(tmp_path / "a.json"), "--state", str(tmp_path / "s.db"))
    assert edition.returncode == 2 and "use standard or professional" in edition.stderr
    missing = cli("run", str(plan), "--once", "--transport", "sage200", "--auth-file",
                  str(tmp_path / "nope.json"), "--api-url", sim.sim.native_base, "--state",
                  str(tmp_path / "s.db"))
    assert missing.returncode == 2 and "run `sage200cfg auth login` first" in missing.stderr
