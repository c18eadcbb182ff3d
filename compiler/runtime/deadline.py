"""Each poll's stop signal and deadline, seen by the threads that work for it.

A poll runs in a pool thread and fetches pages from a prefetch thread; both
set the same :class:`PollScope`, so a retry back-off deep in a transport
(:func:`pause`) wakes at once on SIGTERM or at the poll's deadline instead
of sleeping it out. A request already on the wire is bounded by the API
timeout; the engine does not wait for it at shutdown (its thread is a daemon
and its page is simply polled again next time).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

from .errors import PollInterrupted

__all__ = ["PollScope", "current", "pause", "run_in_daemon", "scoped"]

T = TypeVar("T")
_local = threading.local()


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


def run_in_daemon(fn: Callable[[], T], name: str) -> Future[T]:
    """Run ``fn`` in a new daemon thread with the caller's scope.

    Not a ThreadPoolExecutor: the interpreter joins those at exit, so one
    request hung on a dead API would hold a stopping process for minutes.
    """
    future: Future[T] = Future()
    scope = current()

    def main() -> None:
        if not future.set_running_or_notify_cancel():
            return
        with scoped(scope):
            try:
                future.set_result(fn())
            except BaseException as exc:  # noqa: BLE001 - handed to the waiting poll
                future.set_exception(exc)

    threading.Thread(target=main, name=name, daemon=True).start()
    return future
