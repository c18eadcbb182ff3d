"""Callback faults: 500s, timeouts, slow answers, redirects and a long outage.

Already proven in tests/runtime: a sink that always fails dead-letters after the
plan's retries and `events replay --dead` recovers (test_run_once.py::
test_dead_letters_and_replay); a run that cannot drain exits 3 and the next run
delivers (test_run_once.py::test_pending_deliveries_exit_3_and_are_sent_by_the_next_run).
"""

from __future__ import annotations

import asyncio
import threading
import time

from delivery_check import assert_all_delivered, run_engine
from rt_helpers import KEY_ENV, PW_ENV, USER, make_plan, now_ms, res, since_iso, status_json

from sage200cfg.runtime.simulator.app import Simulator
from sage200cfg.runtime.simulator.httpd import HttpServer, Response
from sage200cfg.runtime.simulator.plans import instance_json, plan_from_instances


def test_500s_and_503_retry_after_at_a_rate_lose_nothing(sim, ledger, tmp_path):
    start = now_ms() - 2000
    sim.create("customers", 300, start, start + 1000)
    sim.create("products", 200, start, start + 1000)
    plan = make_plan(sim, [res("customers"), res("products")], backoff=0.05)
    state = tmp_path / "s.db"
    sim.call("/_sim/sink/faults", {"fail_rate": 0.3, "fail_status": 500})
    assert run_engine(sim, plan, state, since=since_iso(10)) == 0
    sim.call("/_sim/sink/faults", {"fail_rate": 0.3, "fail_status": 503, "retry_after": 0.1})
    sim.create("customers", 100, now_ms())
    assert run_engine(sim, plan, state) == 0
    stats = assert_all_delivered(sim, state, ledger)
    rejected = stats["rejected"]
    assert rejected["injected 500"] >= 10 and rejected["injected 503"] >= 2
    assert stats["duplicate_events"] == 0


def test_timeouts_and_slow_answers(sim, ledger, tmp_path):
    """Three POSTs answer after the runtime gave up (0.5 s): retried, and counted
    twice by the receiver, the one duplicate at-least-once allows. Ten more
    answer slowly but in time: sent once."""
    stalled, slow = [3], [10]
    original = sim.sim.sink.handle

    async def stalling(request):
        if stalled[0]:
            stalled[0] -= 1
            await asyncio.sleep(1.2)
        elif slow[0]:
            slow[0] -= 1
            await asyncio.sleep(0.1)
        return await original(request)

    sim.sim.sink.handle = stalling
    sim.create("customers", 150, now_ms() - 1000)
    plan = make_plan(sim, [res("customers")], backoff=0.05)
    state = tmp_path / "s.db"
    assert run_engine(sim, plan, state, since=since_iso(5), api_timeout=0.5) == 0
    assert stalled == [0] and slow == [0]
    time.sleep(1.4)  # let the receiver finish the requests the runtime abandoned
    stats = assert_all_delivered(sim, state, ledger, max_resent=3)
    assert ledger.resent == 3 and stats["duplicate_notifications"] == 3


def test_an_answer_that_comes_after_a_timeout_is_not_read_as_the_next_ones(
        sim, ledger, tmp_path):
    """One worker: the first POST stalls past the timeout, and the receiver then
    refuses every second notification. A kept-alive connection reused after a
    timeout would read the stalled 200 as the next POST's answer, and so on down
    the line, marking refused notifications delivered: events lost."""
    stalled = [1]
    original = sim.sim.sink.handle

    async def stalling(request):
        if stalled[0]:
            stalled[0] -= 1
            await asyncio.sleep(1.0)
        return await original(request)

    sim.sim.sink.handle = stalling
    sim.call("/_sim/sink/faults", {"fail_rate": 0.5, "fail_status": 500})
    sim.create("customers", 100, now_ms() - 1000)
    plan = make_plan(sim, [res("customers")], backoff=0.05)
    state = tmp_path / "s.db"
    assert run_engine(sim, plan, state, since=since_iso(5), api_timeout=0.5, workers=1) == 0
    time.sleep(1.1)  # let the receiver finish the request the runtime abandoned
    assert_all_delivered(sim, state, ledger, max_resent=1)


def test_redirects_are_never_followed_to_another_host(sim, ledger, tmp_path):
    other = Simulator().start_in_thread()  # another origin, which must see nothing
    try:
        redirects = [4]
        original = sim.sim.sink.handle

        async def redirecting(request):
            if redirects[0]:
                redirects[0] -= 1
                return Response(307, b"", {"Location": other.sink_url})
            return await original(request)

        sim.sim.sink.handle = redirecting
        sim.create("customers", 60, now_ms() - 1000)
        plan = make_plan(sim, [res("customers")], backoff=0.05)
        state = tmp_path / "s.db"
        assert run_engine(sim, plan, state, since=since_iso(5)) == 0
        assert redirects == [0]
        assert other.sink.notifications == 0 and not other.sink.rejected
        assert_all_delivered(sim, state, ledger)
        # A receiver that always redirects gets its notifications dead-lettered.
        redirects[0] = 10**6
        sim.create("customers", 5, now_ms())
        plan = make_plan(sim, [res("customers")], backoff=0.05, max_retries=2)
        assert run_engine(sim, plan, state) == 1
        row = status_json(state)["resources"][0]
        assert (row["dead"], row["lastDeliveryError"]) == (1, "HTTP 307 from the callback")
        assert other.sink.notifications == 0 and not other.sink.rejected
    finally:
        other.stop()


def test_a_sink_down_for_a_long_outage_is_outlasted(sim, ledger, tmp_path):
    """The receiver refuses connections for 4 s, about five retries of the plan's
    1.3 ** n backoff (1.3 s, 1.7 s, 2.2 s ...: the plan's knob, scaled down from
    Cloud Elements' 4 ** n so minutes become seconds); nothing is dead-lettered."""

    async def route(request):
        if request.path == "/sink":
            return await sim.sim.sink.handle(request)  # looked up now: the ledger's spy
        return Response(404)

    server = HttpServer(route)
    port = server.start_in_thread()
    url = f"http://127.0.0.1:{port}/sink"
    plan = plan_from_instances([instance_json(
        "testInstance", url, [res("customers"), res("products")], username=USER,
        password_env=PW_ENV, signature_env=KEY_ENV, max_retries=9, backoff=1.3)])
    sim.create("customers", 80, now_ms() - 1000)
    sim.create("products", 40, now_ms() - 1000)
    server.stop_thread()  # down before the first delivery
    outage = 4.0
    back = HttpServer(route, port=port)
    restart = threading.Timer(outage, back.start_in_thread)
    restart.start()
    try:
        started = time.monotonic()
        assert run_engine(sim, plan, tmp_path / "s.db", since=since_iso(5),
                          drain_timeout=30) == 0
        assert time.monotonic() - started >= outage
    finally:
        restart.join()
        back.stop_thread()
    assert_all_delivered(sim, tmp_path / "s.db", ledger)
    assert sim.call("/_sim/sink")["notifications"] == 12
