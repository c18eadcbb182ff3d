"""When polls run: every target on a bounded pool, each on its own interval.

Which target comes next, and its lease, is :mod:`.dispatch`'s business; this
module records what each poll did and runs the two loops around it.

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
from .dispatch import Dispatcher
from .leasing import PollLeases
from .logs import counted
from .marks import FirstMarks
from .observe.board import Board
from .observe.tally import Tally
from .poller import Poller, PollResult
from .store.base import Lease, StateStore
from .supervise import Supervisor

__all__ = ["STOP_GRACE_S", "Scheduler"]

log = logging.getLogger("sage200cfg.run")
poll_log = logging.getLogger("sage200cfg.run.poll")  # one line per poll: -v

STOP_GRACE_S = 5.0
TICK_S = 1.0


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

    def _dispatcher(self, repeat: bool) -> Dispatcher:
        return Dispatcher(self.targets, self.leases, self._poll, self._done, self.workers,
                          self.stop, repeat, self.marks)

    def _poll(self, index: int, lease: Lease) -> PollResult:
        """One poll under a lease the dispatcher took."""
        instance, resource = self.targets[index]
        mark = self.marks.pending(instance.name, resource.name)
        return self.leases.run(self.poller, lease, instance, resource, self.stop, mark,
                               time.monotonic() + self.deadline)

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
        """Poll every due target once (those leased elsewhere are skipped); stop early on
        a signal."""
        dispatch = self._dispatcher(repeat=False)
        done: list[tuple[int, PollResult]] = []
        while (dispatch.waiting or dispatch.busy) and not self.stop.is_set():
            dispatch.feed(time.monotonic())
            done += dispatch.collect(0.2)
        done += dispatch.drain(STOP_GRACE_S)
        dispatch.close()
        return [result for _, result in done]

    def forever(self, store: StateStore, delivery: DeliveryProcess | InProcessDelivery,
                supervisor: Supervisor | None) -> int:
        """Poll each target every ``interval`` seconds (from poll start) until ``stop``."""
        dispatch = self._dispatcher(repeat=True)
        cycle: list[PollResult] = []
        delivered_before = self.metrics.delivered_events()
        code = 0
        while not self.stop.is_set():
            now = time.monotonic()
            dispatch.feed(now)
            cycle += [result for _, result in dispatch.collect(dispatch.wait_for(now, TICK_S))]
            # A cycle ends when the pool goes idle, or (a poll hung on a dead API
            # keeps it busy) once every target has been polled again.
            if cycle and (not dispatch.busy or len(cycle) >= len(self.targets)):
                delivered_now = self._delivered(delivery)
                self._cycle_line(cycle, delivered_now - delivered_before, store, dispatch)
                cycle, delivered_before = [], delivered_now
            if supervisor is not None and not supervisor.tick():
                code = 1
                break
        dispatch.drain(STOP_GRACE_S)
        if dispatch.busy:
            log.warning("%d polls still waiting on the API after %.0f s; left behind (they "
                        "start again from their watermark next time)", dispatch.polls,
                        STOP_GRACE_S)
        dispatch.close()
        if code == 0:
            log.info("stopped on signal; state committed")
        return code

    def _delivered(self, delivery: DeliveryProcess | InProcessDelivery) -> int:
        if isinstance(delivery, InProcessDelivery):  # threads here: read their counters
            self.metrics.delivery_stats(0, delivery.snapshot())
        return self.metrics.delivered_events()

    def _cycle_line(self, cycle: list[PollResult], delivered: int, store: StateStore,
                    dispatch: Dispatcher) -> None:
        failed = sum(1 for r in cycle if r.error)
        upcoming = dispatch.next_due()
        next_in = 0.0 if upcoming is None else max(0.0, upcoming - time.monotonic())
        try:
            pending = str(store.pending_count())
        except Exception as exc:  # noqa: BLE001 - the store is down: the polls said so; go on
            pending = f"? ({type(exc).__name__})"
        log.info("cycle: polled %d (%d failed), queued %d events, delivered %d events, "
                 "%s notifications pending, next poll in %.0f s", len(cycle), failed,
                 sum(r.events for r in cycle), delivered, pending, next_in)
