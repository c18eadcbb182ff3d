"""Waits with a timeout end on time however often signals interrupt them.

CPython's C ``SimpleQueue.get(timeout)`` does not: a signal that lands after its
deadline leaves it waiting with a negative time left, which it reads as no
timeout at all. A service's engine thread waiting for poll results then never
saw the SIGTERM that arrived (found in a benchmark run: one of four services
ignored SIGTERM until killed).
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress

from sage200cfg.runtime.deadline import DaemonPool
from sage200cfg.runtime.pool import PollPool


@contextmanager
def _signals_at(target: Callable[[], int | None]) -> Iterator[None]:
    """Interrupt the thread ``target`` names with SIGUSR1 (a no-op handler), every 0.3 ms."""
    previous = signal.signal(signal.SIGUSR1, lambda *_: None)
    done = threading.Event()

    def pester() -> None:
        while not done.is_set():
            ident = target()
            if ident is not None:
                with suppress(ProcessLookupError):  # the thread has just ended
                    signal.pthread_kill(ident, signal.SIGUSR1)
            time.sleep(0.0003)

    thread = threading.Thread(target=pester, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
        signal.signal(signal.SIGUSR1, previous)


def test_the_engine_thread_hears_back_from_the_poll_pool_under_signals():
    pool: PollPool[int] = PollPool(2, lambda index: index)
    waits: list[int] = []

    def engine() -> None:
        for _ in range(500):
            pool.collect(0.001)
            waits.append(1)

    thread = threading.Thread(target=engine, daemon=True)
    with _signals_at(lambda: thread.ident):
        thread.start()
        thread.join(timeout=30)
    pool.close()
    assert not thread.is_alive(), f"a wait never ended (after {len(waits)} of 500)"


def test_an_idle_fetch_thread_retires_after_its_linger_under_signals():
    pool = DaemonPool(linger=0.05)
    for _ in range(20):
        assert pool.submit(lambda: "page", "fetch-sig").result(5) == "page"

        def fetcher() -> int | None:
            found = [t.ident for t in threading.enumerate() if t.name == "fetch-sig"]
            return found[0] if found else None

        with _signals_at(fetcher):
            end = time.monotonic() + 15
            while pool.threads() != (0, 0) and time.monotonic() < end:
                time.sleep(0.01)
        assert pool.threads() == (0, 0), "an idle thread kept waiting past its linger"
