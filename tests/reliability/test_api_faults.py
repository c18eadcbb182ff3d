"""Hub API faults: the poller retries, keeps its watermark on failure, and loses nothing.

Already proven in tests/runtime: one 429/reset/truncated/500 each retried within a
poll (test_polling.py::test_transient_api_errors_are_retried_within_the_poll) and a
poll that fails for good keeps its watermark (test_run_once.py::
test_failed_poll_keeps_the_watermark). Here: the same faults at a rate across many
pages, Retry-After's wait, timeouts, and records that change between pages.
"""

from __future__ import annotations

import asyncio
import time

import pytest
from delivery_check import assert_all_delivered, change_after_page, run_engine
from rt_helpers import make_plan, now_ms, res, since_iso

# status 0: the connection is reset halfway through the body; -1: a truncated JSON page
FAULTS = [(429, 0.05), (500, None), (503, None), (0, None), (-1, None)]


def _count_faults(sim):
    injected = []
    original = sim.sim._api_fault

    def counting():
        response = original()
        if response is not None:
            injected.append(response.status if not response.reset else 0)
        return response

    sim.sim._api_fault = counting
    return injected


def test_faults_at_a_rate_across_many_pages_lose_nothing(sim, ledger, tmp_path):
    injected = _count_faults(sim)
    plan = make_plan(sim, [res("customers", page_size=10), res("products", page_size=10)])
    state = tmp_path / "s.db"
    since = since_iso(30)
    codes = []
    for status, retry_after in FAULTS:
        at = now_ms()  # after the previous cycle's start: inside this cycle's window
        sim.create("customers", 100, at)
        sim.create("products", 60, at)
        sim.call("/_sim/api/faults", {"fail_rate": 0.3, "fail_status": status,
                                      "retry_after": retry_after})
        # A poll that runs out of tries keeps its watermark; the next cycle recovers it.
        for _ in range(4):
            codes.append(run_engine(sim, plan, state, since=since))
            if codes[-1] == 0:
                break
        assert codes[-1] == 0, codes
    sim.call("/_sim/api/faults", {})
    assert len(injected) >= 30  # about 0.3 of ~130 page requests
    assert set(injected) == {429, 500, 503, 0, 200}  # 0: resets; 200: truncated JSON
    stats = assert_all_delivered(sim, state, ledger)
    assert stats["events"] == 5 * 160 and stats["duplicate_events"] == 0


def test_retry_after_is_waited_for(sim, tmp_path):
    arrivals = []
    original = sim.sim._api

    def timed(request, hub_path):
        arrivals.append(time.monotonic())
        return original(request, hub_path)

    sim.sim._api = timed
    sim.create("customers", 3, now_ms() - 1000)
    sim.call("/_sim/api/faults", {"fail_next": [429], "retry_after": 1})
    state = tmp_path / "s.db"
    assert run_engine(sim, make_plan(sim, [res("customers")]), state, since=since_iso(5)) == 0
    # The 429, the page after the wait, and the empty page that ends the poll.
    assert len(arrivals) == 3 and arrivals[1] - arrivals[0] >= 0.95
    assert_all_delivered(sim, state)


def test_api_timeouts_are_retried(sim, tmp_path):
    slow, arrivals = [2], []  # the next two API requests answer after the client gave up
    original = sim.sim.handle

    async def stalling(request):
        if request.path.startswith("/elements/"):
            arrivals.append(request.path)
            if slow[0]:
                slow[0] -= 1
                await asyncio.sleep(1.0)
        return await original(request)

    sim.sim.server._handler = stalling
    sim.create("customers", 5, now_ms() - 1000)
    state = tmp_path / "s.db"
    plan = make_plan(sim, [res("customers")])
    started = time.monotonic()
    assert run_engine(sim, plan, state, since=since_iso(5), api_timeout=0.5) == 0
    assert slow == [0] and time.monotonic() - started >= 1.0  # two timeouts were sat out
    assert len(arrivals) >= 3  # two timed out, then an answer (more if the machine is slow)
    assert_all_delivered(sim, state)


@pytest.mark.parametrize("filter_by_current_date", [False, True])
def test_records_changing_while_paging_are_all_delivered(sim, ledger, tmp_path,
                                                         filter_by_current_date):
    """After each page, three records of that page are updated and two are created.

    Updated records jump past the page token (keyset paging by updated date), so
    they come back later in the same poll, or in the next one when the plan
    filters out records updated after the poll began. Each record changes at most
    once per poll: a change overwritten before any poll could read it is not
    visible to any poller.
    """
    start = now_ms() - 5000
    sim.create("customers", 200, start, start + 2000)
    touched: set[int] = set()
    original = sim.sim._api

    async def changing(request, hub_path):
        response = await original(request, hub_path)
        if response.status == 200:
            change_after_page(sim, response.body, touched)
        return response

    sim.sim._api = changing
    plan = make_plan(sim, [res("customers", page_size=20,
                               filter_by_current_date=filter_by_current_date)])
    state = tmp_path / "s.db"
    assert run_engine(sim, plan, state, since=since_iso(10)) == 0
    touched.update(range(2 * 10**5))  # no changes from now on
    time.sleep(1.1)  # the next poll starts in a later second than the changes
    assert run_engine(sim, plan, state) == 0
    assert len(sim.changes()) > 200 + 40
    stats = assert_all_delivered(sim, state, ledger)
    assert stats["duplicate_events"] == 0
