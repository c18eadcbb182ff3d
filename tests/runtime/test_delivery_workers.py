"""Delivery workers share a backlog: a full claim brings in another worker."""

from __future__ import annotations

from rt_helpers import engine_once, make_plan, now_ms, res, since_iso

from sage200cfg.runtime import delivery


def test_a_full_claim_brings_in_another_worker_for_a_slow_receiver(sim, tmp_path, monkeypatch):
    # Idle workers other than the first would look again only after a minute:
    # before the run ends, only a worker whose claim came back full can wake them.
    monkeypatch.setattr(delivery, "IDLE_OTHERS_S", 60.0)
    sim.create("customers", 320, now_ms() - 1000)  # one page, 32 notifications of 10
    sim.call("/_sim/sink/faults", {"delay_ms": 100})
    plan = make_plan(sim, [res("customers", page_size=500)])
    assert engine_once(sim, plan, tmp_path / "s.db", since=since_iso(5), drain_timeout=60) == 0
    assert set(sim.received()) == sim.changes()
    stats = sim.call("/_sim/sink")
    assert stats["notifications"] == 32 and stats["duplicate_notifications"] == 0
    assert stats["most_in_flight"] == 4  # the four delivery workers (--workers 4) at once
