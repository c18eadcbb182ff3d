"""Issue 11's loss cases, each against a hub that behaves that way, ending with set equality."""

from __future__ import annotations

from rt_helpers import engine_once, make_plan, now_ms, res, since_iso


def test_a_hub_that_caps_pages_below_page_size_loses_nothing(sim, tmp_path):
    # The hub serves at most 3 records a page while the plan asks for 7: a
    # short page is not the last one; only an empty page or no token is.
    sim.call("/_sim/api/faults", {"page_cap": 3})
    sim.create("customers", 40, now_ms() - 4000, now_ms() - 1000)
    plan = make_plan(sim, [res("customers", page_size=7)])
    assert engine_once(sim, plan, tmp_path / "s.db", since=since_iso(10)) == 0
    assert set(sim.received()) == sim.changes()
    assert len(sim.changes()) == 40
    assert sim.requests() == {"customers": 15}  # 14 pages of <= 3, then the empty one
