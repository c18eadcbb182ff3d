"""Polling semantics with the real engine in-process: real HTTP to the simulator, real SQLite."""

from __future__ import annotations

import logging
import threading

from rt_helpers import (
    engine_once,
    make_plan,
    now_ms,
    res,
    since_iso,
    status_json,
)

from sage200cfg.runtime.http.client import HttpClient
from sage200cfg.runtime.poller import Poller
from sage200cfg.runtime.store.base import Watermark
from sage200cfg.runtime.store.sqlite import SqliteStore
from sage200cfg.runtime.transports.hub import HubTransport


def test_paging_follows_the_token_and_stops_on_the_empty_page(sim, tmp_path):
    sim.create("customers", 10, now_ms() - 1000)  # two full pages of 5
    sim.create("products", 12, now_ms() - 1000)  # 5 + 5 + a short page of 2 + an empty one
    plan = make_plan(sim, [res("customers", page_size=5), res("products", page_size=5)])
    assert engine_once(sim, plan, tmp_path / "s.db", since=since_iso(5)) == 0
    # The token comes even when the next page is empty: 10 records take 3 requests.
    # A short page is not the end (hubs cap pages): only an empty page or no token is.
    assert sim.requests() == {"customers": 3, "products": 4}
    assert set(sim.received()) == sim.changes()


def test_second_run_sends_nothing_again(sim, tmp_path):
    sim.create("customers", 4, now_ms() - 800)
    plan = make_plan(sim, [res("customers")])
    state = tmp_path / "s.db"
    assert engine_once(sim, plan, state, since=since_iso(5)) == 0
    assert engine_once(sim, plan, state) == 0
    stats = sim.call("/_sim/sink")
    assert stats["events"] == 4 and stats["duplicate_events"] == 0


def test_first_run_without_since_starts_now_and_says_so(sim, tmp_path, caplog):
    sim.create("customers", 3, now_ms() - 60_000)
    plan = make_plan(sim, [res("customers")])
    logging.getLogger("sage200cfg").propagate = True
    with caplog.at_level(logging.INFO, logger="sage200cfg"):
        assert engine_once(sim, plan, tmp_path / "s.db") == 0
    assert "earlier changes are not backfilled (use --since to backfill)" in caplog.text
    assert sim.call("/_sim/sink")["events"] == 0


def test_transient_api_errors_are_retried_within_the_poll(sim, tmp_path):
    sim.create("customers", 2, now_ms() - 1000)
    # 429, a reset mid-body, a truncated JSON page, a 500: all retried, Retry-After honoured.
    sim.call("/_sim/api/faults", {"fail_next": [429, 0, -1, 500], "retry_after": 0})
    plan = make_plan(sim, [res("customers")])
    assert engine_once(sim, plan, tmp_path / "s.db", since=since_iso(5)) == 0
    assert set(sim.received()) == sim.changes()
    assert sim.requests() == {"customers": 6}  # 4 failures, the page, the empty page


def test_bad_records_are_quarantined_and_the_cycle_goes_on(sim, tmp_path):
    start = now_ms() - 1000
    sim.create("customers", 4, start, start + 300)
    first = 100_003  # ids of the 4 new records follow the 3 seeded ones
    sim.call("/_sim/override", {"resource": "customers", "id": first,
                                "set": {"date_time_updated": "28/02/2024 14:06"}})
    sim.call("/_sim/override", {"resource": "customers", "id": first + 1, "drop": ["id"]})
    plan = make_plan(sim, [res("customers")])
    state = tmp_path / "s.db"
    assert engine_once(sim, plan, state, since=since_iso(5)) == 0
    assert len(sim.received()) == 2
    data = status_json(state)
    assert data["resources"][0]["quarantined"] == 2
    reasons = sorted(q["reason"] for q in data["quarantine"])
    assert reasons == [
        "date_time_updated '28/02/2024 14:06' does not parse as \"yyyy-MM-dd'T'HH:mm:ss\" (GMT)",
        "no id at idField 'id'",
    ]
    # Polling again neither resends nor quarantines the same records twice.
    assert engine_once(sim, plan, state) == 0
    assert status_json(state)["resources"][0]["quarantined"] == 2
    assert sim.call("/_sim/sink")["events"] == 2


def test_same_second_updates_are_sent_once(sim, tmp_path):
    """Records updated in the watermark's own second: never lost, never sent twice.

    The where clause has second precision (``>='10:00:00'``) and so has the
    updated-date pattern, so every poll re-reads the watermark's second.
    """
    second = (now_ms() // 1000 - 30) * 1000  # a whole second, 30 s ago
    plan = make_plan(sim, [res("customers")])
    instance, resource = plan.resources()[0]
    store = SqliteStore(tmp_path / "s.db")
    store.init_watermark(instance.name, resource.name, Watermark(second - 5000, "since"))
    clock = [0.0]
    client = HttpClient()
    poller = Poller(store, HubTransport(client, sim.sim.api_base, {}), clock=lambda: clock[0])

    def poll_at(ms: int) -> int:
        clock[0] = ms / 1000
        result = poller.poll(instance, resource, threading.Event())
        assert result.error is None and result.completed
        return result.events

    sim.create("customers", 1, second + 300)  # before the first poll, in its second
    sim.create("customers", 1, second + 700)  # after the first poll started, same second
    assert poll_at(second + 500) == 2
    assert poll_at(second + 900) == 0  # both come back (>= the same second): deduped
    sim.call("/_sim/update", {"resource": "customers", "ids": [100_003], "at": second + 950})
    assert poll_at(second + 990) == 1  # a new update in that second is a new change
    assert poll_at(second + 2500) == 0
    poller.close()
    client.close()
    store.close()
