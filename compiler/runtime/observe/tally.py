"""What a run counts for itself: the events its delivery process delivered.

Delivery happens in a child process, which reports its counters every second
over its pipe (:mod:`..deliver_proc`); :meth:`Tally.delivery_stats` turns each
cumulative report into increments, so the counts survive a restarted child.
:class:`.metrics.Metrics` exports them, and the polls, to Prometheus; a run
without ``--metrics-addr`` keeps only this tally and never imports
``prometheus_client`` (20 ms of every worker's start, which ``--once`` from
cron pays at each run).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

__all__ = ["Snapshot", "Tally"]

Snapshot = dict[str, Any]


class Tally:
    """Delivered events of this run, from the delivery child's reports."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last: dict[int, Snapshot] = {}  # generation of the delivery child -> last report
        self._events_total = 0

    def poll_done(self, instance: str, resource: str, outcome: str, when: float) -> None:
        """A poll ended: only exported (:class:`.metrics.Metrics`); the board has the rest."""

    def delivery_stats(self, generation: int, snapshot: Snapshot) -> None:
        """A cumulative report from delivery child ``generation``: count what is new."""
        with self._lock:
            before = self._last.get(generation, {})
            self._last[generation] = snapshot
            for instance, n in _deltas(before.get("events_by_instance", {}),
                                       snapshot["events_by_instance"]):
                self._events_total += n
                self._delivered(instance, n)
            for (instance, reason), n in _deltas(before.get("failed", {}), snapshot["failed"]):
                self._failed(instance, reason, n)
            dead = snapshot["dead"] - before.get("dead", 0)
            if dead > 0:
                self._dead(dead)

    def delivered_events(self) -> int:
        with self._lock:
            return self._events_total

    # What an exporter adds to each increment (called under the lock).
    def _delivered(self, instance: str, events: int) -> None:
        pass

    def _failed(self, instance: str, reason: str, posts: int) -> None:
        pass

    def _dead(self, notifications: int) -> None:
        pass


def _deltas(before: dict[Any, int], after: dict[Any, int]) -> Iterator[tuple[Any, int]]:
    for key, value in after.items():
        grown = value - before.get(key, 0)
        if grown > 0:
            yield key, grown
