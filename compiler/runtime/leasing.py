"""Poll leases around each poll: take, keep alive, give back.

Before polling a resource the engine takes its lease from the store; when
another worker holds it (or, for a shared store, the resource is not due yet)
the poll is skipped. While a poll runs, one renewer thread extends every
held lease each third of the ttl, so a poll longer than the ttl keeps its
lease; a worker that stalls or dies stops renewing, and after the ttl another
worker takes the resource over with a larger fencing token, against which the
stalled worker's pages can no longer commit. Leases are taken a chunk of
resources at a time (:meth:`PollLeases.take`, one round trip for a shared
store; see :mod:`.dispatch`), and a completed poll's last page gives its lease
up as it commits, so a poll costs no lease round trip of its own.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Mapping, Sequence

from ..plan.model import Instance, Plan, Resource
from .poller import Poller, PollResult
from .store.base import Lease, StateStore, Watermark
from .store.leases import new_holder

__all__ = ["PollLeases"]

log = logging.getLogger("sage200cfg.run")


class PollLeases:
    """The leases one worker holds, renewed in the background."""

    def __init__(self, store: StateStore, ttl_seconds: float) -> None:
        self.store = store
        self.holder = new_holder()
        self.ttl_ms = max(1000, int(ttl_seconds * 1000))
        self._held: dict[int, Lease] = {}
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._renewer: threading.Thread | None = None

    def take(self, targets: Sequence[tuple[Instance, Resource]],
             anytime: Sequence[bool] | None = None) -> dict[tuple[str, str], Lease]:
        """Lease those of ``targets`` that are due (or ``anytime``) and free, in one round
        trip for a shared store; each lease is then given back by :meth:`run`, or by
        :meth:`give_back` when it is not polled."""
        unscheduled = anytime or [False] * len(targets)
        granted = self.store.acquire_leases(
            [(i.name, r.name, 0 if now else self._due_ms(r))
             for (i, r), now in zip(targets, unscheduled, strict=True)],
            self.holder, self.ttl_ms)
        self._track(granted)
        return {(lease.instance, lease.resource): lease for lease in granted}

    def run(self, poller: Poller, lease: Lease, instance: Instance, resource: Resource,
            stop: threading.Event, mark: Watermark | None = None,
            deadline: float | None = None) -> PollResult:
        """Poll under a lease taken by :meth:`take`, then give it back."""
        result = None
        try:
            result = poller.poll(instance, resource, stop, mark, deadline, lease)
            return result
        finally:
            # A completed poll's last page gave the lease up as it committed.
            self._give_back(lease, released=result is not None and result.completed)

    def give_back(self, lease: Lease) -> None:
        """Give up a lease taken by :meth:`take` that will not be polled."""
        self._give_back(lease)

    def _track(self, leases: list[Lease]) -> None:
        with self._lock:
            for lease in leases:
                self._held[lease.token] = lease
            if leases and self._renewer is None:
                self._renewer = threading.Thread(target=self._renew, name="lease-renewer",
                                                 daemon=True)
                self._renewer.start()

    def _give_back(self, lease: Lease, released: bool = False) -> None:
        with self._lock:
            self._held.pop(lease.token, None)
        if released:
            return
        try:
            self.store.release_lease(lease)
        except Exception as exc:  # noqa: BLE001 - the lease expires on its own
            log.warning("%s/%s: cannot release the poll lease: %s", lease.instance,
                        lease.resource, exc)

    def _due_ms(self, resource: Resource) -> int:
        # A shared store's workers agree on what is due through the watermark; a
        # little slack keeps a worker's own schedule from missing it by milliseconds.
        interval_ms = resource.interval * 1000
        return interval_ms - min(2000, interval_ms // 10) if self.store.shared else 0

    def order(self, plan: Plan) -> list[tuple[Instance, Resource]]:
        """The plan's resources; for a shared store from a random place, so that
        workers started together do not all queue for the same lease."""
        targets = list(plan.resources())
        if self.store.shared and targets:
            start = random.randrange(len(targets))
            targets = targets[start:] + targets[:start]
        return targets

    def first_looks(self, targets: Sequence[tuple[Instance, Resource]],
                    marks: Mapping[tuple[str, str], Watermark]) -> list[float]:
        """When a service first looks at each target (monotonic): now, or for a shared
        store, when its last poll's interval ends by its watermark in ``marks`` (as read
        at the start), so that a worker joining a fleet does not ask for the lease of
        every resource polled lately."""
        if not self.store.shared:
            return [time.monotonic()] * len(targets)
        return self._looks(targets, unknown=0.0, polling=0.0, marks=marks)

    def due_now(self, targets: Sequence[tuple[Instance, Resource]],
                marks: Mapping[tuple[str, str], Watermark]) -> list[bool]:
        """For ``--once``: which of ``targets`` are due by their watermarks ``marks`` (as
        read at the start), so that a run asks for no lease it cannot get because the
        resource was polled lately. This machine's clock may be behind the one that
        wrote a watermark: a resource due within a quarter of its interval (at most a
        minute) is asked for, and the database's clock decides."""
        if not self.store.shared:
            return [True] * len(targets)
        now = time.monotonic()
        looks = self._looks(targets, unknown=0.0, polling=0.0, marks=marks)
        return [look - now <= min(60.0, resource.interval / 4)
                for (_, resource), look in zip(targets, looks, strict=True)]

    def next_looks(self, targets: Sequence[tuple[Instance, Resource]]) -> list[float]:
        """When to look again at each of ``targets`` (monotonic), skipped because they were
        not due or leased elsewhere: when its interval since the last poll ends, or
        after a second while another worker polls it."""
        return self._looks(targets, unknown=self.ttl_ms / 1000, polling=1.0)

    def _looks(self, targets: Sequence[tuple[Instance, Resource]], unknown: float,
               polling: float, marks: Mapping[tuple[str, str], Watermark] | None = None,
               ) -> list[float]:
        """From the watermarks (``marks``, or read in one query); a target without a polled
        one waits ``unknown`` seconds, one due but leased elsewhere ``polling``. If the
        store cannot be read, every target waits ``unknown`` (its lease will say)."""
        now, wall = time.monotonic(), time.time()
        if marks is None:
            try:
                marks = self.store.watermarks([(i.name, r.name) for i, r in targets])
            except Exception as exc:  # noqa: BLE001 - the store itself failed (database down)
                log.warning("cannot read watermarks: %s: %s", type(exc).__name__, exc)
                marks = {}
        looks = []
        for instance, resource in targets:
            mark = marks.get((instance.name, resource.name))
            wait = min(resource.interval, unknown)
            if mark is not None and mark.origin == "poll":
                wait = max(mark.last_poll_ms / 1000 + resource.interval - wall, polling)
            looks.append(now + min(wait, resource.interval))
        return looks

    def _renew(self) -> None:
        while not self._closed.wait(self.ttl_ms / 3000):
            with self._lock:
                held = list(self._held.values())
            for lease in held:
                try:
                    if not self.store.renew_lease(lease):
                        log.warning("%s/%s: poll lease %d lost to another worker",
                                    lease.instance, lease.resource, lease.token)
                except Exception as exc:  # noqa: BLE001 - retried on the next beat
                    log.warning("renewing the poll lease of %s/%s failed: %s",
                                lease.instance, lease.resource, exc)

    def close(self) -> None:
        """Stop the renewer (leases still held are released by their ``hold``)."""
        self._closed.set()
        if self._renewer is not None:
            self._renewer.join()
