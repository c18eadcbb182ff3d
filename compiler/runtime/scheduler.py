"""When polls run: every target on a bounded pool, each on its own interval.

``forever`` wakes at least once a second (or at once on a signal) to start
due polls, collect finished ones, let the supervisor check the delivery
child and print one line per cycle at the default log level: what was
polled and queued, what was delivered, what is pending, when the next poll
is. On a signal it gives running polls :data:`STOP_GRACE_S` to commit the
page in hand and returns; polls still stuck in a request are left behind
(their thread is a daemon, their page is polled again next time), so
SIGTERM ends the run well within 30 s even when the API hangs.
"""

from __future__ import annotations

import logging
import threading
import time

from ..plan.model import Plan
from .deliver_proc import DeliveryProcess, InProcessDelivery
from .leasing import PollLeases
from .logs import counted
from .marks import FirstMarks
from .observe.board import Board
from .observe.tally import Tally
from .poller import Poller, PollResult
from .pool import PollPool
from .store.base import StateStore
from .supervise import Supervisor

__all__ = ["CHUNK", "STOP_GRACE_S", "Scheduler"]

log = logging.getLogger("sage200cfg.run")
poll_log = logging.getLogger("sage200cfg.run.poll")  # one line per poll: -v

STOP_GRACE_S = 5.0
TICK_S = 1.0
CHUNK = 16  #: targets whose leases ``--once`` takes at a time


class Scheduler:
    """Runs the plan's polls on ``workers`` threads."""

    def __init__(self, plan: Plan, poller: Poller, leases: PollLeases, marks: FirstMarks,
                 board: Board, metrics: Tally, stop: threading.Event, workers: int,
                 deadline: float) -> None:
        self.targets = leases.order(plan)
        self.poller, self.leases, self.marks = poller, leases, marks
        self.board, self.metrics = board, metrics
        self.stop = stop
        self.deadline = deadline
        self.workers = min(workers, len(self.targets)) or 1

    def _poll(self, index: int) -> PollResult | None:
        """One poll under the resource's lease; None when skipped (leased elsewhere)."""
        instance, resource = self.targets[index]
        mark = self.marks.pending(instance.name, resource.name)
        result = self.leases.poll(self.poller, instance, resource, self.stop, mark,
                                  time.monotonic() + self.deadline)
        return None if result is None else self._done(index, result)

    def _poll_chunk(self, first: int) -> list[PollResult]:
        """``--once``: poll the due, free targets of a chunk, leased in one round trip."""
        chunk = range(first, min(first + CHUNK, len(self.targets)))
        try:
            granted = self.leases.take([self.targets[index] for index in chunk])
        except Exception as exc:  # noqa: BLE001 - the store itself failed (database down)
            log.error("cannot take poll leases: %s: %s", type(exc).__name__, exc)
            return [PollResult(error=f"state store: {exc}")]
        results = []
        for index in chunk:
            instance, resource = self.targets[index]
            lease = granted.get((instance.name, resource.name))
            if lease is None:
                continue
            if self.stop.is_set():
                self.leases.give_back(lease)
                continue
            mark = self.marks.pending(instance.name, resource.name)
            result = self.leases.run(self.poller, lease, instance, resource, self.stop, mark,
                                     time.monotonic() + self.deadline)
            results.append(self._done(index, result))
        return results

    def _done(self, index: int, result: PollResult) -> PollResult:
        instance, resource = self.targets[index]
        if result.completed:
            self.marks.completed(instance.name, resource.name)
            outcome = "ok"
        else:
            outcome = "failed" if result.error else "interrupted"
        now = time.time()
        self.board.record(instance.name, resource.name, outcome, result.events, result.error,
                          now)
        self.metrics.poll_done(instance.name, resource.name, outcome, now)
        if result.error is None:
            poll_log.info("%s/%s: %s, %s, %s, %d repeats skipped, %d quarantined",
                          instance.name, resource.name, counted(result.pages, "page"),
                          counted(result.requests, "request"),
                          counted(result.events, "new event"), result.duplicates,
                          result.quarantined)
        return result

    def once(self) -> list[PollResult]:
        """Poll every target once (in parallel, a chunk of leases at a time); stop early
        on a signal."""
        pool: PollPool[list[PollResult]] = PollPool(self.workers, self._poll_chunk)
        for first in range(0, len(self.targets), CHUNK):
            pool.submit(first)
        done: list[list[PollResult]] = []
        while pool.running and not self.stop.is_set():
            done += [r for _, r in pool.collect(0.2)]
        done += [r for _, r in pool.wait_all(STOP_GRACE_S)]
        pool.close()
        return [result for results in done for result in results]

    def forever(self, store: StateStore, delivery: DeliveryProcess | InProcessDelivery,
                supervisor: Supervisor | None) -> int:
        """Poll each target every ``interval`` seconds (from poll start) until ``stop``."""
        self.pool: PollPool[PollResult | None] = PollPool(self.workers, self._poll)
        due = {n: time.monotonic() for n in range(len(self.targets))}
        cycle: list[PollResult] = []
        delivered_before = self.metrics.delivered_events()
        code = 0
        while not self.stop.is_set():
            now = time.monotonic()
            for index, at in due.items():
                if at <= now and index not in self.pool.running:
                    due[index] = now + self.targets[index][1].interval
                    self.pool.submit(index)
            idle = [at for i, at in due.items() if i not in self.pool.running]
            wait = min([TICK_S, *(at - time.monotonic() for at in idle)])
            for index, result in self.pool.collect(wait):
                if result is None:  # another worker holds it, or polled it lately
                    due[index] = self.leases.next_look(*self.targets[index])
                else:
                    cycle.append(result)
            # A cycle ends when the pool goes idle, or (a poll hung on a dead API
            # keeps it busy) once every target has been polled again.
            if cycle and (not self.pool.running or len(cycle) >= len(self.targets)):
                delivered_now = self._delivered(delivery)
                self._cycle_line(cycle, delivered_now - delivered_before, store, due)
                cycle, delivered_before = [], delivered_now
            if supervisor is not None and not supervisor.tick():
                code = 1
                break
        left = self.pool.wait_all(STOP_GRACE_S)
        if self.pool.running:
            log.warning("%d polls still waiting on the API after %.0f s; left behind (they "
                        "start again from their watermark next time)", len(self.pool.running),
                        STOP_GRACE_S)
        del left
        self.pool.close()
        if code == 0:
            log.info("stopped on signal; state committed")
        return code

    def _delivered(self, delivery: DeliveryProcess | InProcessDelivery) -> int:
        if isinstance(delivery, InProcessDelivery):  # threads here: read their counters
            self.metrics.delivery_stats(0, delivery.snapshot())
        return self.metrics.delivered_events()

    def _cycle_line(self, cycle: list[PollResult], delivered: int, store: StateStore,
                    due: dict[int, float]) -> None:
        failed = sum(1 for r in cycle if r.error)
        next_in = max(0.0, min(due.values()) - time.monotonic())
        log.info("cycle: polled %d (%d failed), queued %d events, delivered %d events, "
                 "%d notifications pending, next poll in %.0f s", len(cycle), failed,
                 sum(r.events for r in cycle), delivered, store.pending_count(), next_in)
