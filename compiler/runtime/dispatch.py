"""Which target the poll threads take next: due ones, leased a chunk at a time.

Targets wait in a heap by the time they are next due. When the poll threads
are about to run out of work, the due targets at the top go out as one lease
chunk (one round trip for a shared store); each lease granted becomes a poll
of its own, so one slow resource holds one thread and its own lease, not the
rest of its chunk. A chunk is about a second of the threads' work (see
:attr:`Dispatcher.chunk`): one or two targets when polls take seconds, up to
:data:`CHUNK` when they take milliseconds. A target another worker holds, or
polled lately, comes back when its watermark says it is due (one query for
the chunk), or after a second while a poll of it is running elsewhere.

So a fleet of services spends one lease statement on up to sixteen targets,
where it spent a lease attempt, and a watermark read when that failed, on
every target it saw due; and finding the next due target is a heap pop, not a
walk over the plan.
"""

from __future__ import annotations

import heapq
import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ..plan.model import Instance, Resource
from .leasing import PollLeases
from .marks import FirstMarks
from .poller import PollResult
from .pool import PollPool
from .store.base import Lease

__all__ = ["CHUNK", "Dispatcher"]

log = logging.getLogger("sage200cfg.run")

CHUNK = 16  #: at most this many targets leased in one round trip
AHEAD_S = 1.0  #: a worker leases about this long of its threads' work ahead
Target = tuple[Instance, Resource]
PollOne = Callable[[int, Lease], PollResult]  #: poll a target under its lease
Done = Callable[[int, PollResult], PollResult]  #: record a poll's outcome


@dataclass(frozen=True)
class _Chunk:
    indices: tuple[int, ...]
    at: float  #: monotonic time the chunk was taken: the granted ones' poll start


@dataclass(frozen=True)
class _Poll:
    index: int
    lease: Lease
    at: float  #: when its chunk was taken: the next poll is due an interval later


@dataclass(frozen=True)
class _Leased:
    chunk: _Chunk
    granted: list[tuple[int, Lease]] = field(default_factory=list)
    skipped: list[tuple[int, float]] = field(default_factory=list)  #: (index, look again at)
    failed: list[tuple[int, PollResult]] = field(default_factory=list)  #: the store failed


class Dispatcher:
    """Runs polls of ``targets`` on ``workers`` threads; ``repeat``: every interval."""

    def __init__(self, targets: list[Target], leases: PollLeases, poll_one: PollOne,
                 done: Done, workers: int, stop: threading.Event, repeat: bool,
                 marks: FirstMarks) -> None:
        self.targets, self.leases, self.poll_one, self.done = targets, leases, poll_one, done
        self.workers, self.stop, self.repeat, self.marks = workers, stop, repeat, marks
        self._poll_s = AHEAD_S  #: how long a poll takes, on average lately
        self._granted = 1.0  #: the share of a chunk's targets leased, lately
        self._store_error: str | None = None  #: why leases cannot be taken, until they can
        now = time.monotonic()
        if repeat:
            looks = leases.first_looks(targets, marks.stored)
        else:  # --once: this round's due targets, by the watermarks at the start
            looks = [now if due else math.inf
                     for due in leases.due_now(targets, marks.stored)]
        self._due = []
        for index, at in enumerate(looks):
            if self._restarting(index):  # --reset-watermarks: now, whatever the schedule says
                self._due.append((now, index))
            elif at < math.inf:
                self._due.append((at, index))
        heapq.heapify(self._due)
        self._work: dict[int, _Chunk | _Poll] = {}
        self._ids = 0
        self._polls = 0  #: polls submitted and not yet done
        self._leasing = False
        self.pool: PollPool[_Leased | PollResult | None] = PollPool(workers, self._run)

    @property
    def busy(self) -> bool:
        """Polls or a lease chunk in flight."""
        return bool(self._work)

    @property
    def polls(self) -> int:
        """Polls queued or running."""
        return self._polls

    @property
    def waiting(self) -> bool:
        """Targets still to be polled (``repeat=False``: this round's)."""
        return bool(self._due)

    def next_due(self) -> float | None:
        return self._due[0][0] if self._due else None

    def feed(self, now: float) -> None:
        """Lease the next due chunk when the threads are about to need it."""
        if self._leasing or self._polls > self.workers or self.stop.is_set():
            return
        indices: list[int] = []
        while self._due and self._due[0][0] <= now and len(indices) < self.chunk:
            indices.append(heapq.heappop(self._due)[1])
        if indices:
            self._leasing = True
            self._submit(_Chunk(tuple(indices), now))

    @property
    def chunk(self) -> int:
        """Targets to lease next: about :data:`AHEAD_S` of the threads' work. Polls that
        take seconds (a real API) are leased one or two at a time, so that the workers
        of a fleet share a burst of due resources; fast ones up to :data:`CHUNK` at once,
        so that leasing costs little beside them. A target another worker holds costs
        no poll, so chunks grow as fewer of their targets are granted, up to four times:
        a chunk granted whole after many refusals holds at most 4 s of work."""
        work_s = self._poll_s * max(self._granted, 0.25)
        return max(1, min(CHUNK, int(self.workers * AHEAD_S / work_s)))

    def wait_for(self, now: float, tick: float) -> float:
        """How long the caller may wait for results before feeding again."""
        upcoming = self.next_due()
        if self._leasing or self._polls > self.workers or upcoming is None:
            return tick
        return max(0.0, min(tick, upcoming - now))

    def collect(self, timeout: float) -> list[tuple[int, PollResult]]:
        """Finished polls, by target; lease chunks that came back turn into polls."""
        polled = []
        for work_id, outcome in self.pool.collect(timeout):
            work = self._work.pop(work_id)
            if isinstance(work, _Poll):
                self._polls -= 1
                self._again(work.index, work.at + self.targets[work.index][1].interval)
                if isinstance(outcome, PollResult):
                    polled.append((work.index, outcome))
            elif isinstance(outcome, _Leased):
                self._leasing = False
                polled += self._leased(outcome)
        return polled

    def drain(self, grace: float) -> list[tuple[int, PollResult]]:
        """After a stop: collect for at most ``grace`` seconds (queued polls give their
        leases back at once)."""
        out = []
        end = time.monotonic() + grace
        while self._work and time.monotonic() < end:
            out += self.collect(min(0.1, end - time.monotonic()))
        return out

    def close(self) -> None:
        self.pool.close()

    def _submit(self, work: _Chunk | _Poll) -> None:
        self._ids += 1
        self._work[self._ids] = work
        self.pool.submit(self._ids)

    def _again(self, index: int, at: float) -> None:
        if self.repeat:
            heapq.heappush(self._due, (at, index))

    def _restarting(self, index: int) -> bool:
        instance, resource = self.targets[index]
        return self.marks.restarting(instance.name, resource.name)

    def _leased(self, leased: _Leased) -> list[tuple[int, PollResult]]:
        at = leased.chunk.at
        for index, lease in leased.granted:
            if self.stop.is_set():
                self.leases.give_back(lease)
                continue
            self._polls += 1
            self._submit(_Poll(index, lease, at))
        for index, look in leased.skipped:
            self._again(index, look)
        for index, _ in leased.failed:
            self._again(index, at + self.targets[index][1].interval)
        return leased.failed

    def _run(self, work_id: int) -> _Leased | PollResult | None:
        work = self._work[work_id]
        if isinstance(work, _Chunk):
            return self._lease(work)
        if self.stop.is_set():  # queued when the stop came: not started, not counted
            self.leases.give_back(work.lease)
            return None
        began = time.monotonic()
        result = self.poll_one(work.index, work.lease)
        self._poll_s = 0.8 * self._poll_s + 0.2 * (time.monotonic() - began)
        return self.done(work.index, result)

    def _lease(self, chunk: _Chunk) -> _Leased:
        targets = [self.targets[index] for index in chunk.indices]
        try:
            granted = self.leases.take(targets, [self._restarting(i) for i in chunk.indices])
        except Exception as exc:  # noqa: BLE001 - the store itself failed (database down)
            error = f"{type(exc).__name__}: {exc}"
            if error != self._store_error:  # said once an outage, not once a chunk
                log.error("cannot take poll leases: %s", error)
            self._store_error = error
            return _Leased(chunk, failed=[
                (index, self.done(index, PollResult(error=f"state store: {exc}")))
                for index in chunk.indices])
        if self._store_error is not None:
            self._store_error = None
            log.info("poll leases can be taken again")
        mine, others = [], []
        for index, (instance, resource) in zip(chunk.indices, targets, strict=True):
            lease = granted.get((instance.name, resource.name))
            if lease is None:
                others.append(index)
            else:
                mine.append((index, lease))
        self._granted = 0.5 * self._granted + 0.5 * len(mine) / len(targets)
        if not self.repeat or not others:  # --once: a target leased elsewhere is theirs
            return _Leased(chunk, mine)
        looks = self.leases.next_looks([self.targets[index] for index in others])
        return _Leased(chunk, mine, list(zip(others, looks, strict=True)))
