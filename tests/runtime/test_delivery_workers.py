"""Delivery workers share a backlog: a full claim brings in another worker."""

from __future__ import annotations

import threading
import time

from rt_helpers import engine_once, make_plan, now_ms, res, since_iso

from sage200cfg.runtime import delivery
from sage200cfg.runtime.http.client import HttpClient
from sage200cfg.runtime.store.base import Pending, StateStore
from sage200cfg.runtime.store.open import open_store


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


class _HeldClaims:
    """A real store whose claims wait for ``release``, so that they are in flight
    while the deliverer is told to stop."""

    def __init__(self, store: StateStore) -> None:
        self.store = store
        self.claiming = threading.Semaphore(0)
        self.release = threading.Event()

    def __getattr__(self, name: str) -> object:
        return getattr(self.store, name)

    def claim_due(self, now_ms: int, limit: int) -> list[Pending]:
        self.claiming.release()
        self.release.wait()
        return self.store.claim_due(now_ms, limit)


def test_a_stop_during_a_claim_does_not_wait_for_the_idle_timer(tmp_path, monkeypatch):
    # An empty claim that returns after stop() was called used to wait out its
    # idle timer: a second per `run --once` at the default, an hour here.
    monkeypatch.setattr(delivery, "IDLE_S", 3600.0)
    monkeypatch.setattr(delivery, "IDLE_OTHERS_S", 3600.0)
    store = open_store(tmp_path / "s.db")
    held = _HeldClaims(store)
    deliverer = delivery.Deliverer(held, HttpClient(timeout=5), {}, workers=2)  # type: ignore[arg-type]
    deliverer.start()
    for _ in range(2):
        assert held.claiming.acquire(timeout=30)  # both workers are inside a claim
    stopper = threading.Thread(target=deliverer.stop, daemon=True)
    stopper.start()
    while not deliverer._stop.is_set():  # the stop is in; now the claims come back empty
        time.sleep(0.01)
    held.release.set()
    stopper.join(timeout=30)
    assert not stopper.is_alive()
    store.close()
