"""Prometheus metrics of a running ``run``, in their own ``prometheus_client`` registry.

Polls are counted where they happen (this process). Delivery happens in a
child process, which reports its counters every second over its pipe
(:mod:`..deliver_proc`); :meth:`Metrics.delivery_stats` turns each report
into increments, so the counters survive a restarted child. The outbox
gauges are read from the state file at scrape time, over a connection of
their own, so a scrape never waits for a commit.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from ..envelope import poll_ms_of
from ..store.base import OutboxSummary

__all__ = ["Metrics"]

Snapshot = dict[str, Any]


class Metrics:
    """The metric families named in README's "Observability" section."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        reg = self.registry
        self.polls = Counter("sage200cfg_polls", "Polls by outcome (ok, failed, interrupted)",
                             ["instance", "resource", "outcome"], registry=reg)
        self.last_success = Gauge("sage200cfg_last_poll_success_timestamp_seconds",
                                  "When the last successful poll ended (Unix time)",
                                  ["instance", "resource"], registry=reg)
        self.delivered = Counter("sage200cfg_events_delivered", "Events delivered to callbacks",
                                 ["instance"], registry=reg)
        self.failed = Counter("sage200cfg_notifications_failed",
                              "Failed callback POSTs, by cause", ["instance", "reason"],
                              registry=reg)
        self.dead = Counter("sage200cfg_dead_letters", "Notifications dead-lettered",
                            registry=reg)
        self._lock = threading.Lock()
        self._last: dict[int, Snapshot] = {}  # generation of the delivery child -> last report
        self._events_total = 0

    def poll_done(self, instance: str, resource: str, outcome: str, when: float) -> None:
        self.polls.labels(instance, resource, outcome).inc()
        if outcome == "ok":
            self.last_success.labels(instance, resource).set(when)

    def delivery_stats(self, generation: int, snapshot: Snapshot) -> None:
        """A cumulative report from delivery child ``generation``: count what is new."""
        with self._lock:
            before = self._last.get(generation, {})
            self._last[generation] = snapshot
            for instance, n in _deltas(before.get("events_by_instance", {}),
                                       snapshot["events_by_instance"]):
                self.delivered.labels(instance).inc(n)
                self._events_total += n
            for (instance, reason), n in _deltas(before.get("failed", {}), snapshot["failed"]):
                self.failed.labels(instance, reason).inc(n)
            dead = snapshot["dead"] - before.get("dead", 0)
            if dead > 0:
                self.dead.inc(dead)

    def delivered_events(self) -> int:
        with self._lock:
            return self._events_total

    def watch_outbox(self, summary: Callable[[], OutboxSummary], instances: Iterable[str]
                     ) -> None:
        """Export the outbox gauges, read through ``summary`` at each scrape."""
        self.registry.register(_OutboxCollector(summary, tuple(instances)))

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


def _deltas(before: dict[Any, int], after: dict[Any, int]) -> Iterator[tuple[Any, int]]:
    for key, value in after.items():
        grown = value - before.get(key, 0)
        if grown > 0:
            yield key, grown


class _OutboxCollector(Collector):
    def __init__(self, summary: Callable[[], OutboxSummary], instances: tuple[str, ...]
                 ) -> None:
        self.summary = summary
        self.instances = instances  # always exported, 0 when nothing is queued

    def describe(self) -> Iterable[GaugeMetricFamily]:
        return []  # read at scrape time only (describe must not touch the state file)

    def collect(self) -> Iterable[GaugeMetricFamily]:
        summary = self.summary()
        pending = GaugeMetricFamily("sage200cfg_outbox_pending",
                                    "Notifications waiting for delivery", labels=["instance"])
        dead = GaugeMetricFamily("sage200cfg_outbox_dead",
                                 "Dead-lettered notifications in the state file",
                                 labels=["instance"])
        for instance in sorted(set(summary.pending) | set(summary.dead) | set(self.instances)):
            pending.add_metric([instance], summary.pending.get(instance, 0))
            dead.add_metric([instance], summary.dead.get(instance, 0))
        age = 0.0
        if summary.oldest_pending_body is not None:
            poll_ms = poll_ms_of(summary.oldest_pending_body)
            if poll_ms is not None:
                age = max(0.0, time.time() - poll_ms / 1000)
        oldest = GaugeMetricFamily(
            "sage200cfg_outbox_oldest_age_seconds",
            "Age of the oldest pending notification (since its poll started; 0 when none)",
            value=age)
        return [pending, dead, oldest]
