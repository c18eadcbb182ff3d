"""Time edges: the watermark's own second, a DST change inside the window, and an
API clock ahead of or behind the runtime.

Already proven in tests/runtime: records updated in the watermark's own second,
before and after the poll began, are sent once and never lost, with a stepped
clock (test_polling.py::test_same_second_updates_are_sent_once). Here the same
with back-to-back real cycles, plus DST and clock skew.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime

import pytest
from delivery_check import assert_all_delivered, run_engine
from rt_helpers import make_plan, now_ms, res, since_iso

from sage200cfg.runtime.http.client import HttpClient
from sage200cfg.runtime.poller import Poller
from sage200cfg.runtime.store.base import Watermark
from sage200cfg.runtime.store.sqlite import SqliteStore
from sage200cfg.runtime.transports.hub import HubTransport


def test_changes_in_the_watermarks_own_second_across_real_cycles(sim, ledger, tmp_path):
    plan = make_plan(sim, [res("customers"), res("products")])
    state = tmp_path / "s.db"
    since = since_iso(5)
    for _ in range(8):  # cycles a few ms apart: most changes share the last poll's second
        sim.create("customers", 3, now_ms())
        sim.call("/_sim/update", {"resource": "products", "count": 1, "at": now_ms()})
        assert run_engine(sim, plan, state, since=since) == 0
    stats = assert_all_delivered(sim, state, ledger)
    assert stats["duplicate_events"] == 0


@pytest.mark.parametrize(("skew_s", "poll_delay", "overlap", "lost"), [
    (-3, 0, 0, True),  # the hub's clock is 3 s behind: changes land before the watermark
    (-3, 0, 120, False),  # the default --overlap covers it
    (-3, 5, 0, False),  # so does a pollDelay
    (3, 0, 0, False),  # ahead: later than the watermark anyway (and not filtered out)
])
def test_api_clock_skew_is_made_safe_by_overlap_or_poll_delay(sim, tmp_path, skew_s,
                                                               poll_delay, overlap, lost):
    plan = make_plan(sim, [res("customers", poll_delay=poll_delay)])
    state = tmp_path / "s.db"
    since = since_iso(10)
    for _ in range(5):
        assert run_engine(sim, plan, state, since=since, overlap=overlap) == 0
        sim.create("customers", 4, now_ms() + skew_s * 1000)  # stamped by the hub's clock
    assert run_engine(sim, plan, state, overlap=overlap) == 0
    missing = sim.changes() - set(sim.received())
    assert bool(missing) is lost
    if not lost:
        assert_all_delivered(sim, state)


def _london(ms: int) -> str:
    """Local wall time with no offset, as a source in Europe/London may write it."""
    from sage200cfg.datefmt import format as format_date

    return format_date("yyyy-MM-dd'T'HH:mm:ss", datetime.fromtimestamp(ms / 1000, UTC),
                       "Europe/London")


def _at(text: str) -> int:
    return int(datetime.fromisoformat(text).timestamp() * 1000)


@pytest.mark.parametrize(("watermark", "records", "polls"), [
    # Spring forward, 2026-03-29 01:00Z: local 01:00-02:00 never happens.
    ("2026-03-29T00:30:00Z",
     ["2026-03-29T00:45:00Z", "2026-03-29T00:59:59Z", "2026-03-29T01:00:30Z",
      "2026-03-29T01:40:00Z"],
     ["2026-03-29T00:50:00Z", "2026-03-29T01:10:00Z", "2026-03-29T02:00:00Z"]),
    # Fall back, 2026-10-25 01:00Z: local 01:00-02:00 happens twice.
    ("2026-10-25T00:20:00Z",
     ["2026-10-25T00:30:00Z", "2026-10-25T00:50:00Z", "2026-10-25T01:10:00Z",
      "2026-10-25T01:30:00Z", "2026-10-25T01:50:00Z"],
     ["2026-10-25T00:40:00Z", "2026-10-25T01:20:00Z", "2026-10-25T02:00:00Z"]),
], ids=["spring-forward", "fall-back"])
def test_dst_change_inside_the_window(sim, tmp_path, watermark, records, polls):
    """Dates written as London wall time without an offset, read with the plan's
    zone; the where clause carries an offset. Polls step a clock across the change
    (filterByCurrentDate on, so each poll takes only what is older than itself):
    every record becomes exactly one event."""
    plan = make_plan(sim, [res("customers", placeholder="dateTimeZone",
                               where_zone="Europe/London",
                               where_pattern="yyyy-MM-dd'T'HH:mm:ssXXX",
                               date_zone="Europe/London", filter_by_current_date=True)])
    instance, resource = plan.resources()[0]
    hub = sim.sim.hub.resources["customers"]
    ids = []
    for text in records:
        ids.append(hub.next_id)
        sim.sim.hub.create("customers", 1, _at(text))
        local = _london(_at(text))
        hub.overrides[ids[-1]] = {"set": {"date_time_updated": local,
                                          "date_time_created": local}, "drop": []}
    store = SqliteStore(tmp_path / "s.db")
    store.init_watermark(instance.name, resource.name, Watermark(_at(watermark), "since"))
    clock = [0.0]
    client = HttpClient()
    poller = Poller(store, HubTransport(client, sim.sim.api_base, {}), clock=lambda: clock[0])
    try:
        for text in polls:
            clock[0] = _at(text) / 1000
            result = poller.poll(instance, resource, threading.Event())
            assert result.error is None and result.completed, result.error
        sent = []
        for row in store.claim_due(10**13, 1000):
            sent += [e["objectId"] for e in json.loads(row.body)["message"]["events"]]
    finally:
        poller.close()
        client.close()
        store.close()
    assert sorted(sent) == sorted(str(i) for i in ids)
