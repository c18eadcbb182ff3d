"""Prometheus metrics of a running ``run``, in their own ``prometheus_client`` registry.

Polls are counted where they happen (this process); delivered events, failures
and dead letters as the delivery child reports them (:class:`.tally.Tally`
turns its reports into increments). The outbox gauges are read from the state
file at scrape time, over a connection of their own, so a scrape never waits
for a commit. Only a run with ``--metrics-addr`` imports this module.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from prometheus_client import CollectorRegistry, Counter, Gauge, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from ..envelope import poll_ms_of
from ..store.base import OutboxSummary
from .tally import Tally

__all__ = ["Metrics"]


class Metrics(Tally):
    """The metric families named in README's "Observability" section."""

    def __init__(self) -> None:
        super().__init__()
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

    def poll_done(self, instance: str, resource: str, outcome: str, when: float) -> None:
        self.polls.labels(instance, resource, outcome).inc()
        if outcome == "ok":
            self.last_success.labels(instance, resource).set(when)

    def _delivered(self, instance: str, events: int) -> None:
        self.delivered.labels(instance).inc(events)

    def _failed(self, instance: str, reason: str, posts: int) -> None:
        self.failed.labels(instance, reason).inc(posts)

    def _dead(self, notifications: int) -> None:
        self.dead.inc(notifications)

    def watch_outbox(self, summary: Callable[[], OutboxSummary], instances: Iterable[str]
                     ) -> None:
        """Export the outbox gauges, read through ``summary`` at each scrape."""
        self.registry.register(_OutboxCollector(summary, tuple(instances)))

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


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
