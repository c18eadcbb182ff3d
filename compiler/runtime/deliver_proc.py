"""Where the deliverer runs: in a child process (``run``), or in threads.

A child process lets polling and delivering use two cores (bench/README.md);
``SAGE200CFG_DELIVERY_THREADS=1`` keeps delivery in threads of the runtime.

The poller and the deliverer share no memory, only the state file: the
child opens it (WAL lets both write), claims and acknowledges outbox rows, and
is the only process that leases them. The first child is forked before the
parent opens the store or starts a thread; a restarted one (see
:mod:`.supervise`) is spawned fresh, since forking a process with threads can
inherit a held lock. Over a pipe the parent says "drain until T" or "stop",
and the child reports its counters every second and its totals at the end.
End-of-file tells each side the other died: the child exits at once, as if
killed with the parent, so a restarted runtime never races an orphan; the
parent marks the child dead for the supervisor. Signals are the parent's
business: the child ignores SIGINT/SIGTERM, and a child that does not stop
within :data:`STOP_GRACE_S` of being told is killed (its claimed rows are
simply sent again by the next one: at-least-once).
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import IO, Any

from .delivery import Deliverer, DeliveryStats, Destination
from .http.client import HttpClient

log = logging.getLogger("sage200cfg.run")

__all__ = ["ChildSpec", "DeliveryProcess", "InProcessDelivery", "Totals"]

STOP_GRACE_S = 8.0  #: then the child is killed (SIGTERM must end the run within 30 s)
STATS_EVERY_S = 1.0

Snapshot = dict[str, Any]


@dataclass(frozen=True)
class Totals:
    """What the child delivered, reported when it finishes."""

    delivered: int = 0
    events: int = 0
    dead: int = 0
    drained: bool = True
    crashed: bool = False  #: the delivery process died before reporting


@dataclass(frozen=True)
class ChildSpec:
    """What a delivery child needs (picklable: a restarted child is spawned)."""

    state: str  #: an SQLite file, or a postgresql:// URI
    destinations: dict[str, Destination]
    workers: int
    timeout: float
    ca_bundle: str | None
    log_format: str = "text"
    lease_ttl: float = 60.0


class InProcessDelivery:
    """Delivery threads in this process (in-process use, and SAGE200CFG_DELIVERY_THREADS=1)."""

    def __init__(self, deliverer: Deliverer) -> None:
        self.deliverer = deliverer
        deliverer.start()

    def notify(self) -> None:
        self.deliverer.notify()

    def alive(self) -> bool:
        return True

    def snapshot(self) -> Snapshot:
        return self.deliverer.stats.snapshot()

    def finish(self, deadline: float | None, stop: threading.Event) -> Totals:
        drained = True if deadline is None else self.deliverer.drain(deadline, stop)
        self.deliverer.stop()
        return _totals(self.deliverer.stats, drained)


class DeliveryProcess:
    """The parent's handle on the delivery child (one at a time; see :meth:`restart`)."""

    def __init__(self, spec: ChildSpec, lock: IO[bytes] | None,
                 on_stats: Callable[[int, Snapshot], None] = lambda gen, snap: None) -> None:
        self.spec = spec
        self.on_stats = on_stats
        self.generation = 0  #: bumped by each restart; counters restart from 0 with it
        self._start("fork", lock)

    def _start(self, method: str, lock: IO[bytes] | None) -> None:
        context = multiprocessing.get_context(method)
        self._conn, child_end = context.Pipe()
        self._totals: Totals | None = None
        self._gone = threading.Event()
        self._proc = context.Process(  # type: ignore[attr-defined]
            target=_child_main,
            args=(child_end, self._conn if method == "fork" else None, self.spec, lock),
            name="sage200cfg-deliver", daemon=True,
        )
        self._proc.start()
        child_end.close()
        threading.Thread(target=self._read, args=(self._conn, self.generation),
                         name="delivery-pipe", daemon=True).start()

    def _read(self, conn: Connection, generation: int) -> None:
        while True:
            try:
                kind, data = conn.recv()
            except (EOFError, OSError):
                self._gone.set()
                return
            if kind == "stats":
                self.on_stats(generation, data)
            elif kind == "totals":
                self.on_stats(generation, data[1])
                self._totals = data[0]

    @property
    def pid(self) -> int | None:
        pid: int | None = self._proc.pid
        return pid

    @property
    def exitcode(self) -> int | None:
        code: int | None = self._proc.exitcode
        return code

    def alive(self) -> bool:
        return not self._gone.is_set() and bool(self._proc.is_alive())

    def restart(self) -> None:
        """Start a new child after this one died (spawned: this process has threads now)."""
        self._proc.join(1)
        self._conn.close()
        self.generation += 1
        self._start("spawn", None)

    def notify(self) -> None:
        """Nothing to do: an idle worker looks for new rows every 100 ms, and one whose
        claim comes back full wakes another (:mod:`.delivery`)."""

    def finish(self, deadline: float | None, stop: threading.Event) -> Totals:
        """Drain until ``deadline`` (None: stop now), then collect the child's totals."""
        told_stop = deadline is None
        with contextlib.suppress(OSError):
            self._conn.send(("drain", deadline) if deadline is not None else ("stop", None))
        kill_at = time.monotonic() + STOP_GRACE_S if told_stop else None
        while not self._gone.wait(0.05):
            if stop.is_set() and not told_stop:
                told_stop = True
                kill_at = time.monotonic() + STOP_GRACE_S
                try:
                    self._conn.send(("stop", None))
                except OSError:
                    break
            if kill_at is not None and time.monotonic() > kill_at:
                log.warning("the delivery process did not stop within %.0f s; killing it "
                            "(its in-flight notifications are sent again next run)",
                            STOP_GRACE_S)
                self._proc.kill()
                break
        self._proc.join(5)
        self._conn.close()
        if self._totals is None:
            log.error("the delivery process ended without reporting (exit code %s)",
                      self._proc.exitcode)
            return Totals(drained=False, crashed=True)
        return self._totals


def _child_main(
    conn: Connection, parent_end: Connection | None, spec: ChildSpec, lock: IO[bytes] | None,
) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if parent_end is not None:
        parent_end.close()  # else the pipe never reports the parent's death
        if lock is not None:
            lock.close()  # the parent alone holds the state lock, and it dies with the parent
    else:  # spawned: a fresh interpreter with no logging set up
        from .logs import setup_logging

        setup_logging(False, spec.log_format)
    from .store.open import open_store

    try:
        # Claims, acknowledgements and retries are single statements, and the
        # POSTs take the time: one connection serves every delivery thread.
        store = open_store(spec.state, lease_ttl=spec.lease_ttl, one_connection=True)
    except Exception as exc:  # noqa: BLE001 - reported by the parent as a crashed delivery
        log.error("the delivery process cannot open the state store: %s", exc)
        os._exit(1)
    client = HttpClient(timeout=spec.timeout, ca_bundle=spec.ca_bundle)
    deliverer = Deliverer(store, client, spec.destinations, workers=spec.workers)
    deliverer.start()
    send_lock = threading.Lock()
    finished, stop = threading.Event(), threading.Event()
    threading.Thread(target=_report, args=(conn, send_lock, deliverer.stats, finished),
                     daemon=True).start()
    try:
        command, deadline = conn.recv()
    except (EOFError, OSError):
        os._exit(1)  # the parent is gone: stop now, as if killed with it
    watcher = threading.Thread(target=_watch_parent, args=(conn, finished, stop), daemon=True)
    watcher.start()
    drained = True
    if command == "drain" and deadline is not None:
        drained = deliverer.drain(deadline, stop)
    deliverer.stop()
    client.close()
    store.close()
    finished.set()
    with send_lock:
        conn.send(("totals", (_totals(deliverer.stats, drained), deliverer.stats.snapshot())))
    os._exit(0)  # no finalizers for what was inherited from the parent


def _report(conn: Connection, send_lock: threading.Lock, stats: DeliveryStats,
            finished: threading.Event) -> None:
    last: Snapshot | None = None
    while not finished.wait(STATS_EVERY_S):
        snapshot = stats.snapshot()
        if snapshot != last:
            with send_lock:
                try:
                    conn.send(("stats", snapshot))
                except OSError:
                    return
            last = snapshot


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
