"""Each poll's stop signal and deadline, seen by the threads that work for it.

A poll runs in a pool thread, which fetches pages itself; after a full page it
fetches the next on a fetch thread (:class:`DaemonPool`) while it classifies
the one in hand. Both set the same :class:`PollScope`, so a retry back-off
deep in a transport (:func:`pause`) wakes at once on SIGTERM or at the poll's
deadline instead of sleeping it out. A request already on the wire is bounded
by the API timeout; the engine does not wait for it at shutdown (its thread is
a daemon and its page is simply polled again next time).

Fetch threads are reused, page after page and poll after poll, so each keeps
its kept-alive API connection (:mod:`.http.client` holds one per thread): a
new thread per page opened a new TCP connection per page. A busy thread is
never handed more work, so a fetch hung on a dead API holds only its own
thread; when every thread is busy a new one starts, and a thread left idle
for :data:`LINGER` seconds ends (its connections are closed with it).
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from .errors import PollInterrupted

__all__ = ["LINGER", "DaemonPool", "PollScope", "current", "pause", "scoped"]

T = TypeVar("T")
_local = threading.local()

LINGER = 120.0
"""Seconds an idle fetch thread waits for work before it ends."""


@dataclass(frozen=True)
class PollScope:
    """Why a poll must end early: ``stop`` (a signal) or ``deadline`` (monotonic seconds)."""

    stop: threading.Event
    deadline: float

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def expired(self) -> bool:
        return self.stop.is_set() or self.remaining() <= 0

    def check(self) -> None:
        """Raise PollInterrupted when the poll must end now."""
        if self.stop.is_set():
            raise PollInterrupted("stopped on signal before the poll completed")
        if self.remaining() <= 0:
            raise PollInterrupted("the poll ran past its deadline")


def current() -> PollScope | None:
    scope: PollScope | None = getattr(_local, "scope", None)
    return scope


@contextmanager
def scoped(scope: PollScope | None) -> Iterator[None]:
    previous = current()
    _local.scope = scope
    try:
        yield
    finally:
        _local.scope = previous


def pause(seconds: float) -> None:
    """Sleep ``seconds``, but raise PollInterrupted as soon as the poll must end."""
    scope = current()
    if scope is None:
        time.sleep(seconds)
        return
    scope.check()
    scope.stop.wait(max(0.0, min(seconds, scope.remaining())))
    scope.check()


@dataclass(frozen=True)
class _Job:
    fn: Callable[[], Any]
    scope: PollScope | None
    future: Future[Any]
    name: str


# Not SimpleQueue: a signal can make its get(timeout) wait forever (see .pool),
# and an idle thread would then never retire.
_Inbox = queue.Queue["_Job | None"]


class DaemonPool:
    """Daemon threads that run one job at a time and are reused while they have work.

    Not a ThreadPoolExecutor: the interpreter joins those at exit, so one
    request hung on a dead API would hold a stopping process for minutes.
    """

    def __init__(self, linger: float = LINGER) -> None:
        self.linger = linger
        self._idle: list[_Inbox] = []  # last in, first out: the warmest thread first
        self._lock = threading.Lock()
        self._alive = 0
        self._closed = False

    def threads(self) -> tuple[int, int]:
        """(threads alive, of which idle)."""
        with self._lock:
            return self._alive, len(self._idle)

    def submit(self, fn: Callable[[], T], name: str) -> Future[T]:
        """Run ``fn`` on an idle thread (or a new one) with the caller's scope."""
        future: Future[T] = Future()
        with self._lock:
            inbox = self._idle.pop() if self._idle else None
            if inbox is None:
                self._alive += 1
        if inbox is None:
            inbox = queue.Queue()
            threading.Thread(target=self._serve, args=(inbox,), name=name, daemon=True).start()
        inbox.put(_Job(fn, current(), future, name))
        return future

    def close(self) -> None:
        """End idle threads now, busy ones when their job is done (never waits)."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for inbox in idle:
            inbox.put(None)

    def _serve(self, inbox: _Inbox) -> None:
        while self._run_next(inbox):
            pass
        with self._lock:
            self._alive -= 1

    def _run_next(self, inbox: _Inbox) -> bool:
        # One job per call: its page is not kept alive while the thread idles.
        job = self._next(inbox)
        if job is None:
            return False
        threading.current_thread().name = job.name
        outcome: Any = None
        if job.future.set_running_or_notify_cancel():
            with scoped(job.scope):
                try:
                    outcome = job.fn()
                except BaseException as exc:  # noqa: BLE001 - handed to the waiting poll
                    outcome = _Failed(exc)
        # Idle before the caller hears: the poll's next page comes straight back
        # to this thread and its connection instead of starting another.
        with self._lock:
            keep = not self._closed
            if keep:
                self._idle.append(inbox)
        if isinstance(outcome, _Failed):
            job.future.set_exception(outcome.exc)
        elif job.future.running():
            job.future.set_result(outcome)
        return keep

    def _next(self, inbox: _Inbox) -> _Job | None:
        try:
            return inbox.get(timeout=self.linger)
        except queue.Empty:
            pass
        with self._lock:
            if inbox in self._idle:
                self._idle.remove(inbox)
                return None
        return inbox.get()  # handed a job (or closed) just as it gave up waiting


@dataclass(frozen=True)
class _Failed:
    exc: BaseException
