"""The delivery supervisor's policy: notice, back off, restart, and give up in the end."""

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
