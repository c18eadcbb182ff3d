"""The delivery assertion against the native Sage 200 simulator (issue 12).

Same check as the hub campaigns (delivery_check.assert_all_delivered: the
delivered set equals the changes made), with the native transport: records
changing between key-paged pages, access tokens expiring mid-poll and
refreshed by two processes sharing one auth file, SIGKILLs, and 429/503/504
faults from the API.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from delivery_check import assert_all_delivered, change_after_page
from native_helpers import NATIVE_ENV, auth_file, run_native
from rt_helpers import (
    KEY,
    KEY_ENV,
    PASSWORD,
    PW_ENV,
    has_watermarks,
    make_plan,
    now_ms,
    res,
    since_iso,
    write_plan,
)


def test_records_changing_between_pages_are_all_delivered(sim, ledger, tmp_path):
    """After each page, three records of it are updated and two records are created.

    With offset paging ($skip) an updated record leaves its place and the next
    page skips one record; key paging on (date_time_updated, id) reads updated
    records again at the end, newer. Each record changes at most once per poll.
    """
    start = now_ms() - 5000
    sim.create("customers", 200, start, start + 2000)
    touched: set[int] = set()
    original = sim.sim.native.handle

    def changing(request, rest):
        counted, response = original(request, rest)
        if response.status == 200 and counted:
            change_after_page(sim, response.body, touched)
        return counted, response

    sim.sim.native.handle = changing
    plan = make_plan(sim, [res("customers", page_size=20)])
    state, auth = tmp_path / "s.db", auth_file(sim, tmp_path)
    assert run_native(sim, plan, state, auth, since=since_iso(10)) == 0
    touched.update(range(2 * 10**5))  # no changes from now on
    time.sleep(1.1)  # the next poll starts in a later second than the changes
    assert run_native(sim, plan, state, auth) == 0
    assert len(sim.changes()) > 200 + 40
    stats = assert_all_delivered(sim, state, ledger)
    assert stats["duplicate_events"] == 0


def test_faults_429_503_504_and_resets_lose_nothing(sim, ledger, tmp_path):
    plan = make_plan(sim, [res("customers", page_size=10), res("products", page_size=10)])
    state, auth = tmp_path / "s.db", auth_file(sim, tmp_path)
    since = since_iso(30)
    for status, retry_after in [(429, 0.05), (503, 0.05), (504, None), (0, None)]:
        at = now_ms()
        sim.create("customers", 60, at)
        sim.create("products", 30, at)
        sim.call("/_sim/api/faults", {"fail_rate": 0.3, "fail_status": status,
                                      "retry_after": retry_after})
        codes = []
        for _ in range(4):  # a poll out of tries keeps its watermark; the next recovers
            codes.append(run_native(sim, plan, state, auth, since=since))
            if codes[-1] == 0:
                break
        assert codes[-1] == 0, codes
    sim.call("/_sim/api/faults", {})
    stats = assert_all_delivered(sim, state, ledger)
    assert stats["events"] == 4 * 90


def test_access_token_expiring_mid_poll_is_refreshed_once(sim, ledger, tmp_path):
    sim.create("customers", 120, now_ms() - 2000)
    expired = []
    original = sim.sim.native.handle

    def expiring(request, rest):
        counted, response = original(request, rest)
        if counted and len(expired) < 3:  # after each of the first pages: tokens die
            expired.append(sim.sim.sage_id.expire_access_tokens())
        return counted, response

    sim.sim.native.handle = expiring
    plan = make_plan(sim, [res("customers", page_size=25)])
    state, auth = tmp_path / "s.db", auth_file(sim, tmp_path)
    assert run_native(sim, plan, state, auth, since=since_iso(10)) == 0
    oauth = sim.call("/_sim/oauth")
    assert oauth["refreshes"] == 1 + 3 and oauth["spentReuses"] == 0
    assert_all_delivered(sim, state, ledger)
    stored = json.loads(auth.read_text())["tokens"]["refreshToken"]
    assert sim.sim.sage_id.refresh_tokens[stored] is True  # the file holds the live token


def _start(plan, state, auth, sim, *args):
    env = {**os.environ, KEY_ENV: KEY, PW_ENV: PASSWORD, **NATIVE_ENV}
    return subprocess.Popen(
        [sys.executable, "-m", "sage200cfg", "run", str(plan), "--transport", "sage200",
         "--auth-file", str(auth), "--api-url", sim.sim.native_base, "--state", str(state),
         "--workers", "2", *args],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def test_two_processes_share_one_auth_file_through_expiring_tokens(sim, tmp_path):
    """Two runs refresh one rotating token: the lock makes them take turns; none is spent twice."""
    sim.sim.sage_id.access_ttl = 1.0  # poll cycles (1 s apart) outlive their tokens
    start = now_ms() - 2000
    sim.create("customers", 300, start, start + 1000)
    sim.create("products", 300, start, start + 1000)
    auth = auth_file(sim, tmp_path)
    plans = []
    for name in ("customers", "products"):  # one plan and state file per process
        (tmp_path / name).mkdir()
        plans.append(write_plan(tmp_path / name,
                                make_plan(sim, [res(name, page_size=10, interval=1)])))
    procs = [_start(p, p.parent / "s.db", auth, sim, "--since", since_iso(10)) for p in plans]
    deadline = time.monotonic() + 40
    while sim.sim.sink.events < 600 or sim.call("/_sim/oauth")["refreshes"] < 6:
        assert time.monotonic() < deadline, sim.call("/_sim/oauth")
        if len(sim.received()) >= 600:
            sim.create("customers", 1, now_ms())  # keep both polling past more expiries
            sim.create("products", 1, now_ms())
        time.sleep(0.3)
    while set(sim.received()) != sim.changes():  # the last changes' polls, then stop
        assert time.monotonic() < deadline + 30, "changes left undelivered"
        time.sleep(0.2)
    for proc in procs:
        proc.send_signal(signal.SIGTERM)
    for proc in procs:
        _, err = proc.communicate(timeout=20)
        assert proc.returncode == 0, err
    oauth = sim.call("/_sim/oauth")
    assert oauth["spentReuses"] == 0 and oauth["refreshes"] >= 6
    assert set(sim.received()) == sim.changes()


def test_sigkill_of_a_native_run_loses_nothing(sim, tmp_path):
    start = now_ms() - 2000
    sim.create("customers", 600, start, start + 1000)
    sim.call("/_sim/sink/faults", {"delay_ms": 10})
    plan = write_plan(tmp_path, make_plan(sim, [res("customers", page_size=50)]))
    state, auth = tmp_path / "s.db", auth_file(sim, tmp_path)
    since = since_iso(10)
    for kill_after in (1, 25):
        first = () if has_watermarks(state) else ("--since", since)
        proc = _start(plan, state, auth, sim, "--once", *first)
        deadline = time.monotonic() + 60  # generous: the machine is shared
        while sim.sim.sink.notifications < kill_after:
            assert time.monotonic() < deadline
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=10)
    sim.call("/_sim/sink/faults", {})
    final = _start(plan, state, auth, sim, "--once")
    _, err = final.communicate(timeout=60)
    assert final.returncode == 0, err
    assert set(sim.received()) == sim.changes()
    assert sim.call("/_sim/oauth")["spentReuses"] == 0


def test_a_busy_token_endpoint_is_retried_mid_poll(sim, ledger, tmp_path):
    sim.create("customers", 80, now_ms() - 2000)
    original, pages = sim.sim.native.handle, []

    def expiring(request, rest):
        counted, response = original(request, rest)
        if counted:
            pages.append(1)
            if len(pages) == 2:  # tokens die, and Sage ID is busy twice when asked
                sim.sim.sage_id.expire_access_tokens()
                sim.sim.sage_id.control("oauth/fail/503")
                sim.sim.sage_id.control("oauth/fail/429")
        return counted, response

    sim.sim.native.handle = expiring
    plan = make_plan(sim, [res("customers", page_size=20)])
    state, auth = tmp_path / "s.db", auth_file(sim, tmp_path)
    assert run_native(sim, plan, state, auth, since=since_iso(10)) == 0
    assert sim.sim.sage_id.fail_next == []  # both failures were met, and retried
    assert sim.call("/_sim/oauth")["refreshes"] == 2
    assert_all_delivered(sim, state, ledger)
