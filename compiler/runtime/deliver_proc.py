"""Where the deliverer runs: in a forked child process (``run``), or in threads.

A child process lets polling and delivering use two cores (bench/README.md);
``SAGE200CFG_DELIVERY_THREADS=1`` keeps delivery in threads of the runtime.

The poller and the deliverer share no memory, only the state file: the
child opens it (WAL lets both write), claims and acknowledges outbox rows, and
is the only process that leases them. It is forked before the parent opens the
store or starts a thread. It watches a pipe to the parent: a message says
"drain until T" or "stop"; end-of-file means the parent died, and the child
exits at once, as if killed with it, so a restarted runtime never races an
orphan. Signals are the parent's business: the child ignores SIGINT/SIGTERM.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import IO

from .delivery import Deliverer, DeliveryStats, Destination
from .http.client import HttpClient

log = logging.getLogger("sage200cfg.run")

__all__ = ["DeliveryProcess", "InProcessDelivery", "Totals"]


@dataclass(frozen=True)
class Totals:
    """What the child delivered, reported when it finishes."""

    delivered: int = 0
    events: int = 0
    dead: int = 0
    drained: bool = True
    crashed: bool = False  #: the delivery process died before reporting


class InProcessDelivery:
    """Delivery threads in this process (in-process use, and SAGE200CFG_DELIVERY_THREADS=1)."""

    def __init__(self, deliverer: Deliverer) -> None:
        self.deliverer = deliverer
        deliverer.start()

    def notify(self) -> None:
        self.deliverer.notify()

    def finish(self, deadline: float | None, stop: threading.Event) -> Totals:
        drained = True if deadline is None else self.deliverer.drain(deadline, stop)
        self.deliverer.stop()
        return _totals(self.deliverer.stats, drained)


class DeliveryProcess:
    """The parent's handle on the delivery child."""

    def __init__(
        self, state: str, destinations: dict[str, Destination], workers: int,
        timeout: float, ca_bundle: str | None, lock: IO[bytes] | None,
        lease_ttl: float = 60.0,
    ) -> None:
        context = multiprocessing.get_context("fork")
        self._conn, child_end = context.Pipe()
        self._proc = context.Process(
            target=_child_main,
            args=(child_end, self._conn, state, destinations, workers, timeout, ca_bundle,
                  lock, lease_ttl),
            name="sage200cfg-deliver", daemon=True,
        )
        self._proc.start()
        child_end.close()

    def notify(self) -> None:
        """Nothing to do: idle workers look for new rows every 50 ms."""

    def finish(self, deadline: float | None, stop: threading.Event) -> Totals:
        """Drain until ``deadline`` (None: stop now), then collect the child's totals."""
        totals = Totals(drained=False, crashed=True)
        try:
            self._conn.send(("drain", deadline) if deadline is not None else ("stop", None))
            told = deadline is None
            while not self._conn.poll(0.05):
                if stop.is_set() and not told:
                    self._conn.send(("stop", None))
                    told = True
            totals = self._conn.recv()
        except (EOFError, OSError):
            log.error("the delivery process ended without reporting (exit code %s)",
                      self._proc.exitcode)
        self._proc.join(30)
        self._conn.close()
        return totals


def _child_main(
    conn: Connection, parent_end: Connection, state: str, destinations: dict[str, Destination],
    workers: int, timeout: float, ca_bundle: str | None, lock: IO[bytes] | None,
    lease_ttl: float,
) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    parent_end.close()  # else the pipe never reports the parent's death
    if lock is not None:
        lock.close()  # the parent alone holds the state lock, and it dies with the parent
    from .store.open import open_store

    try:
        store = open_store(state, lease_ttl=lease_ttl)
    except Exception as exc:  # noqa: BLE001 - reported by the parent as a crashed delivery
        log.error("the delivery process cannot open the state store: %s", exc)
        os._exit(1)
    client = HttpClient(timeout=timeout, ca_bundle=ca_bundle)
    deliverer = Deliverer(store, client, destinations, workers=workers)
    deliverer.start()
    try:
        command, deadline = conn.recv()
    except (EOFError, OSError):
        os._exit(1)  # the parent is gone: stop now, as if killed with it
    finished, stop = threading.Event(), threading.Event()
    watcher = threading.Thread(target=_watch_parent, args=(conn, finished, stop), daemon=True)
    watcher.start()
    drained = True
    if command == "drain" and deadline is not None:
        drained = deliverer.drain(deadline, stop)
    deliverer.stop()
    client.close()
    store.close()
    finished.set()
    conn.send(_totals(deliverer.stats, drained))
    os._exit(0)  # no finalizers for what was inherited from the parent


def _watch_parent(conn: Connection, finished: threading.Event, stop: threading.Event) -> None:
    while True:
        try:
            conn.recv()  # only ("stop", None) comes during a drain
        except (EOFError, OSError):
            if not finished.is_set():
                os._exit(1)
            return
        stop.set()


def _totals(stats: DeliveryStats, drained: bool) -> Totals:
    return Totals(stats.delivered, stats.events, stats.dead, drained)
