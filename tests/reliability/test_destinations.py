"""Destinations: API requests go only to the --base-url origin, callbacks only to the
plan's callback URL, and every state file is private.

Already proven elsewhere: the state database is created 0600 (tests/runtime/
test_runtime_units.py::test_state_file_is_private_wal_and_versioned, and through the
CLI in test_run_cli.py::test_secrets_never_appear_in_logs_or_status); callback
redirects to another host are never followed (test_callback_faults.py).
"""

from __future__ import annotations

import os
import subprocess
import sys

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

from sage200cfg.runtime.simulator.app import Simulator
from sage200cfg.runtime.simulator.httpd import Response


def test_api_redirects_and_foreign_page_tokens_never_leave_the_base_origin(sim, tmp_path):
    other = Simulator().start_in_thread()
    try:
        seen = []
        original = sim.sim.handle

        async def hostile(request):
            if request.path.endswith("/customers"):
                seen.append(request.target)
                # Every answer names the other origin: as a redirect, then as a token.
                if len(seen) == 1:
                    return Response(302, b"", {"Location": other.api_base + request.target})
                response = await original(request)
                response.headers["elements-next-page-token"] = other.api_base + "/hubs/x"
                return response
            return await original(request)

        sim.sim.server._handler = hostile
        sim.create("customers", 3, now_ms() - 1000)
        plan = write_plan(tmp_path, make_plan(sim, [res("customers", page_size=3)]))
        state = tmp_path / "s.db"
        since = since_iso(5)
        first = run_once(sim, plan, state, "--since", since)
        assert first.returncode == 1, first.stderr
        assert "HTTP 302 from the hub API" in status_json(state)["resources"][0]["lastError"]
        second = run_once(sim, plan, state, "--since", since)  # the failed poll set no start
        assert other.api_requests == {} and other.sink.notifications == 0
        # The token went back to our hub as a query value, where it is refused (400).
        assert second.returncode == 1 and "HTTP 400" in second.stderr
        assert len(seen) == 3  # the redirect, a page, the page after it
    finally:
        other.stop()


def test_callbacks_go_only_to_the_plans_url(sim, tmp_path):
    posts = []
    original = sim.sim.sink.handle

    async def recording(request):
        posts.append((request.method, request.target, request.headers.get("host")))
        return await original(request)

    sim.sim.sink.handle = recording
    sim.create("customers", 25, now_ms() - 1000)
    plan = write_plan(tmp_path, make_plan(sim, [res("customers")]))
    assert run_once(sim, plan, tmp_path / "s.db", "--since", since_iso(5)).returncode == 0
    host = sim.sim.sink_url.split("/")[2]
    assert posts == [("POST", "/sink", host)] * 3


def test_state_files_are_private_even_with_a_permissive_umask(sim, tmp_path):
    """The database and SQLite's -wal and -shm files, with umask 000."""
    sim.create("customers", 5, now_ms() - 1000)
    plan = write_plan(tmp_path, make_plan(sim, [res("customers")]))
    state = tmp_path / "open.db"
    proc = subprocess.run(
        [sys.executable, "-m", "sage200cfg", "run", str(plan), "--once", "--base-url",
         sim.sim.api_base, "--state", str(state), "--since", since_iso(5)],
        env={**os.environ, KEY_ENV: KEY, PW_ENV: PASSWORD}, capture_output=True, text=True,
        timeout=60, check=False, preexec_fn=lambda: os.umask(0),  # noqa: PLW1509
    )
    assert proc.returncode == 0, proc.stderr
    files = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("open.db"))
    assert "open.db" in files
    modes = {name: oct((tmp_path / name).stat().st_mode & 0o777) for name in files}
    assert set(modes.values()) == {"0o600"}, modes
