"""The last poll of each instance and resource, as the health check and status page see it."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, replace

from ...plan.model import Plan

__all__ = ["Board", "Target"]


@dataclass(frozen=True)
class Target:
    """One instance and resource, and how its polls went in this process."""

    instance: str
    resource: str
    interval: float  #: seconds between polls
    last_poll_s: float | None = None  #: wall clock at the end of the last poll
    last_outcome: str = "not polled yet"  #: "ok", "failed", "interrupted"
    last_success_s: float | None = None
    last_error: str | None = None
    events: int = 0  #: events queued by this process


class Board:
    """Thread-safe: polls write, the HTTP server reads."""

    def __init__(self, plan: Plan) -> None:
        self.started_s = time.time()
        self._lock = threading.Lock()
        self._targets = {
            (i.name, r.name): Target(i.name, r.name, float(r.interval))
            for i, r in plan.resources()
        }

    def record(self, instance: str, resource: str, outcome: str, events: int,
               error: str | None, when: float | None = None) -> None:
        now = time.time() if when is None else when
        with self._lock:
            old = self._targets[(instance, resource)]
            self._targets[(instance, resource)] = replace(
                old, last_poll_s=now, last_outcome=outcome, last_error=error,
                last_success_s=now if outcome == "ok" else old.last_success_s,
                events=old.events + events,
            )

    def targets(self) -> list[Target]:
        with self._lock:
            return sorted(self._targets.values(), key=lambda t: (t.instance, t.resource))
