"""A bounded pool of poll threads (``--poll-workers N``).

One slow resource (a 503 outage retried with back-off, a hung API) holds one
thread, not the others: the rest keep their intervals. What runs, and that a
target is polled once at a time, is :mod:`.dispatch`'s business. The threads
are daemons, so a poll stuck in a request never holds a stopping process; the
engine waits a short grace for polls to commit the page in hand, then leaves
them (their pages are polled again).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["PollPool"]

R = TypeVar("R")


class PollPool(Generic[R]):
    """Runs ``work(index)`` on up to ``workers`` daemon threads; results come back in order done."""

    def __init__(self, workers: int, work: Callable[[int], R]) -> None:
        self._work = work
        self._todo: queue.SimpleQueue[int | None] = queue.SimpleQueue()
        # Not a SimpleQueue: its C get(timeout) can wait forever when a signal
        # interrupts it after the deadline (CPython 3.11: the time left goes
        # negative, which means "no timeout"), and the engine's thread waits here
        # while SIGTERM arrives. Queue waits on a Condition, which gets it right.
        self._done: queue.Queue[tuple[int, R | BaseException]] = queue.Queue()
        self._threads = [threading.Thread(target=self._loop, name=f"poll-{n}", daemon=True)
                         for n in range(workers)]
        for thread in self._threads:
            thread.start()

    def _loop(self) -> None:
        while (index := self._todo.get()) is not None:
            try:
                outcome: R | BaseException = self._work(index)
            except BaseException as exc:  # noqa: BLE001 - reported to the engine's thread
                outcome = exc
            self._done.put((index, outcome))

    def submit(self, index: int) -> None:
        self._todo.put(index)

    def collect(self, timeout: float) -> list[tuple[int, R]]:
        """Results finished within ``timeout`` seconds (at least one if any arrives)."""
        out: list[tuple[int, R]] = []
        try:
            item = self._done.get(timeout=max(0.0, timeout))
        except queue.Empty:
            return out
        while True:
            index, outcome = item
            if isinstance(outcome, BaseException):
                raise outcome
            out.append((index, outcome))
            try:
                item = self._done.get_nowait()
            except queue.Empty:
                return out

    def close(self) -> None:
        """Let idle threads end; busy ones end with their poll (or with the process)."""
        for _ in self._threads:
            self._todo.put(None)
