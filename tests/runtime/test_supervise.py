"""Service policies without processes: the delivery supervisor's back-off, and /healthz."""

from __future__ import annotations

import logging

from sage200cfg.runtime.supervise import MAX_RESTARTS, STABLE_S, Supervisor


class Child:
    """Stands in for DeliveryProcess: it dies when told, and counts restarts."""

    def __init__(self) -> None:
        self.up, self.restarts, self.pid, self.exitcode = True, 0, 100, None

    def alive(self) -> bool:
        return self.up

    def restart(self) -> None:
        self.restarts += 1
        self.up, self.pid, self.exitcode = True, 100 + self.restarts, None

    def die(self) -> None:
        self.up, self.exitcode = False, -9


def test_a_dead_child_is_restarted_with_back_off_and_then_given_up(caplog):
    now = [0.0]
    child = Child()
    supervisor = Supervisor(child, clock=lambda: now[0])  # type: ignore[arg-type]
    with caplog.at_level(logging.WARNING, logger="sage200cfg"):
        waits = []
        for _ in range(MAX_RESTARTS):
            child.die()
            assert supervisor.tick()  # noticed at the next tick
            started = now[0]
            while child.up is False:
                now[0] += 0.5
                assert supervisor.tick()
            waits.append(now[0] - started)
        child.die()
        assert supervisor.tick() is False  # the sixth death in a row: give up
    assert waits == [1.0, 2.0, 4.0, 8.0, 16.0]
    assert child.restarts == MAX_RESTARTS
    assert "died with exit code -9; restarting it in 1 s" in caplog.text
    assert "giving up" in caplog.text


def test_a_child_that_stays_up_resets_the_back_off():
    now = [0.0]
    child = Child()
    supervisor = Supervisor(child, clock=lambda: now[0])  # type: ignore[arg-type]
    for _ in range(3):
        child.die()
        supervisor.tick()
        while not child.up:
            now[0] += 1
            supervisor.tick()
    assert supervisor.restarts == 3
    now[0] += STABLE_S + 1
    assert supervisor.tick() and supervisor.restarts == 0


def test_health_counts_a_success_another_worker_stored():
    from sage200cfg.runtime.observe.board import Board
    from sage200cfg.runtime.observe.health import health
    from sage200cfg.runtime.simulator.plans import instance_json, plan_from_instances, resource_json

    plan = plan_from_instances([instance_json(
        "i", "http://127.0.0.1/sink", [resource_json("customers", interval=60),
                                       resource_json("products", interval=60)])])
    board = Board(plan)
    now = board.started_s + 300  # five minutes in, this worker polled only customers
    board.record("i", "customers", "ok", 0, None, now - 10)
    ok, body = health(board, True, now)
    assert not ok and body["problems"] == [
        "i/products: no successful poll yet (limit 120 s, last outcome not polled yet)"]
    # In a fleet another worker polled products 30 s ago: the store says so.
    ok, body = health(board, True, now, {("i", "products"): now - 30})
    assert ok and body["status"] == "ok"
    ok, body = health(board, False, now, {("i", "products"): now - 30})
    assert body["problems"] == ["delivery process: not running"]
