"""Helpers for runtime tests: a real simulator on 127.0.0.1, real plans, real CLI runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sage200cfg.plan.model import Plan, dumps
from sage200cfg.runtime.simulator.app import SimConfig, Simulator
from sage200cfg.runtime.simulator.plans import instance_json, plan_from_instances, resource_json

KEY_ENV, KEY = "RT_TEST_SIGNATURE_KEY", "sk-test-7f3a9c1e-signature"
PW_ENV, PASSWORD = "RT_TEST_CALLBACK_PASSWORD", "pw-test-4b8d2e6f-callback"
USER = "CompanyName123"


class Sim:
    """A running simulator plus helpers to drive it over HTTP."""

    def __init__(self, sim: Simulator) -> None:
        self.sim = sim

    def call(self, path: str, data: dict[str, Any] | None = None) -> Any:
        body = None if data is None else json.dumps(data).encode()
        request = urllib.request.Request(
            self.sim.base + path, data=body, method="POST" if body is not None else "GET"
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def create(self, resource: str, count: int, at_ms: int, until_ms: int | None = None) -> None:
        self.call("/_sim/create", {"resource": resource, "count": count, "at": at_ms,
                                   "until": until_ms if until_ms is not None else at_ms})

    def changes(self) -> set[tuple[str, str, int]]:
        return {(c[0], c[1], c[3]) for c in self.call("/_sim/changes")["changes"]}

    def received(self) -> dict[tuple[str, str, int], tuple[int, str]]:
        rows = self.call("/_sim/sink?keys=1")["received"]
        return {(t, i, u): (n, kind) for t, i, u, n, kind in rows}

    def requests(self) -> dict[str, int]:
        return dict(self.call("/_sim/api")["requests"])


def start_sim() -> Sim:
    simulator = Simulator(SimConfig(records=3, sink_key=KEY, sink_username=USER,
                                    sink_password=PASSWORD))
    simulator.start_in_thread()
    return Sim(simulator)


def now_ms() -> int:
    return int(time.time() * 1000)


def since_iso(seconds_ago: float = 2.0) -> str:
    return (datetime.now(UTC) - timedelta(seconds=seconds_ago)).isoformat()


def make_plan(sim: Sim, resources: list[dict[str, Any]], **delivery: Any) -> Plan:
    """A plan for ``resources`` delivering to the simulator's sink (signed, basic auth)."""
    delivery.setdefault("username", USER)
    delivery.setdefault("password_env", PW_ENV)
    delivery.setdefault("signature_env", KEY_ENV)
    return plan_from_instances(
        [instance_json("testInstance", sim.sim.sink_url, resources, **delivery)]
    )


def write_plan(tmp_path: Path, plan: Plan) -> Path:
    path = tmp_path / "plan.json"
    path.write_text(dumps(plan), encoding="utf-8")
    return path


def res(name: str, **opts: Any) -> dict[str, Any]:
    return resource_json(name, **opts)


def cli(*args: str, env: dict[str, str] | None = None, timeout: float = 60
        ) -> subprocess.CompletedProcess[str]:
    """``python -m sage200cfg ARGS`` with the test secrets in the environment."""
    full_env = {**os.environ, KEY_ENV: KEY, PW_ENV: PASSWORD, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "sage200cfg", *args], env=full_env, capture_output=True,
        text=True, timeout=timeout, check=False,
    )


def run_once(sim: Sim, plan_path: Path, state: Path, *extra: str,
             env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return cli("run", str(plan_path), "--once", "--base-url", sim.sim.api_base,
               "--state", str(state), *extra, env=env)


def cli_inprocess(*args: str) -> tuple[int, str, str]:
    """Run a command in this process (status and replay need no subprocess)."""
    from typer.testing import CliRunner

    from sage200cfg.cli import app

    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def status_json(state: Path | str) -> dict[str, Any]:
    code, out, err = cli_inprocess("status", "--state", str(state), "--json")
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


def has_watermarks(state: Path | str) -> bool:
    """Whether a poll completed on this state (an operator drops --since from then on)."""
    if isinstance(state, Path) and not state.exists():
        return False
    return any(r["watermark"] for r in status_json(state)["resources"])


def engine_once(sim: Sim, plan: Plan, state: Path, *, since: str | None = None,
                drain_timeout: float = 10, clock_ms: int | None = None) -> int:
    """One ``--once`` cycle in this process (same engine, real HTTP and SQLite)."""
    import threading

    from sage200cfg.runtime.engine import RunOptions, run
    from sage200cfg.runtime.transports.base import ApiRetry

    os.environ.setdefault(KEY_ENV, KEY)
    os.environ.setdefault(PW_ENV, PASSWORD)
    options = RunOptions(
        base_url=sim.sim.api_base, state=state, once=True, drain_timeout=drain_timeout,
        since=datetime.fromisoformat(since) if since else None,
        api_retry=ApiRetry(base=0.01),  # the same retries, without seconds of jitter
    )
    return run(plan, options, threading.Event())
