"""The deliverer: worker threads that drain the outbox to the callback URLs.

Each worker claims a few due rows and POSTs each body exactly as stored. An
acknowledger thread deletes delivered rows in batches (every 50 ms, or at once
when ``max_unacked`` are waiting): a crash can lose only that last batch of
acknowledgements, and those notifications are sent again, as any in-flight
notification is. So at most ``workers * batch + max_unacked`` notifications
are ever in flight. A failed POST (non-2xx, a
redirect, a timeout) is retried after ``backoff_base_seconds ** n`` seconds
(never sooner than a ``Retry-After``), and dead-lettered after
``max_retries`` retries. Headers: ``Content-Type``, HTTP Basic when
configured, ``Elements-Webhook-Signature`` when a key is set, and
``elements-webhook-id`` (the notification's ``message.eventId``).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ..plan.model import RetryPolicy
from .envelope import sign
from .http.client import TRANSPORT_ERRORS, HttpClient
from .store.base import Pending, StateStore

__all__ = ["Deliverer", "Destination", "DeliveryStats"]

log = logging.getLogger("sage200cfg.run")
retry_log = logging.getLogger("sage200cfg.run.retry")


@dataclass(frozen=True)
class Destination:
    """Where one instance's notifications go, with its secrets resolved."""

    url: str
    headers: dict[str, str]
    signing_key: bytes | None
    retry: RetryPolicy


@dataclass
class DeliveryStats:
    delivered: int = 0
    events: int = 0
    failures: int = 0
    dead: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)


class Deliverer:
    """Drains the outbox with ``workers`` threads until stopped."""

    def __init__(
        self,
        store: StateStore,
        client: HttpClient,
        destinations: dict[str, Destination],
        *,
        workers: int = 4,
        batch: int = 8,
        max_unacked: int = 32,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.client = client
        self.destinations = destinations
        self.batch = batch
        self.max_unacked = max_unacked
        self.clock = clock
        self.stats = DeliveryStats()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._acks: list[Pending] = []
        self._acks_lock = threading.Lock()
        self._threads = [
            threading.Thread(target=self._work, name=f"deliver-{n}", daemon=True)
            for n in range(workers)
        ]
        self._acker = threading.Thread(target=self._ack_loop, name="acknowledge", daemon=True)

    def start(self) -> None:
        for thread in self._threads:
            thread.start()
        self._acker.start()

    def notify(self) -> None:
        """New rows were committed: wake idle workers."""
        self._wake.set()

    def stop(self) -> None:
        """Stop after the POSTs in hand; their results are recorded."""
        self._stop.set()
        self._wake.set()
        for thread in self._threads:
            thread.join()
        self._acker.join()
        self._flush()

    def drain(self, deadline: float, stop: threading.Event) -> bool:
        """Wait until nothing is pending, ``deadline`` (clock time) or ``stop``; True if drained."""
        while self.store.pending_count():
            if self.clock() >= deadline or stop.wait(0.02):
                return False
        return True

    def _work(self) -> None:
        while not self._stop.is_set():
            try:
                self._round()
            except Exception as exc:  # noqa: BLE001 - a worker must outlive one bad round
                log.error("delivery worker: %s: %s; retrying in 1 s", type(exc).__name__, exc)
                self._stop.wait(1.0)

    def _round(self) -> None:
        rows = self.store.claim_due(int(self.clock() * 1000), self.batch)
        if not rows:
            self._wake.wait(0.05)
            self._wake.clear()
            return
        delivered = [row for row in rows if self._post(row)]
        with self._acks_lock:
            self._acks.extend(delivered)
            backlog = len(self._acks)
        if backlog >= self.max_unacked:
            self._flush()

    def _ack_loop(self) -> None:
        while not self._stop.wait(0.05):
            try:
                self._flush()
            except Exception as exc:  # noqa: BLE001 - unacknowledged rows are simply resent
                log.error("acknowledging deliveries failed: %s: %s", type(exc).__name__, exc)

    def _flush(self) -> None:
        with self._acks_lock:
            delivered, self._acks = self._acks, []
        if not delivered:
            return
        self.store.acknowledge(delivered)
        with self.stats.lock:
            self.stats.delivered += len(delivered)
            self.stats.events += sum(row.events for row in delivered)

    def _post(self, row: Pending) -> bool:
        dest = self.destinations.get(row.instance)
        if dest is None:
            # The plan no longer has this instance: keep the row for a later run.
            self.store.reschedule(row, int(self.clock() * 1000) + 60_000, "instance not in plan")
            return False
        headers = {**dest.headers, "elements-webhook-id": row.webhook_id}
        if dest.signing_key is not None:
            headers["Elements-Webhook-Signature"] = sign(dest.signing_key, row.body)
        retry_after = None
        try:
            reply = self.client.post(dest.url, headers, row.body)
        except TRANSPORT_ERRORS as exc:
            error = f"{type(exc).__name__}: {exc}"
        else:
            if 200 <= reply.status < 300:
                return True
            error, retry_after = f"HTTP {reply.status}", reply.retry_after()
        self._failed(row, dest.retry, error, retry_after)
        return False

    def _failed(
        self, row: Pending, policy: RetryPolicy, error: str, retry_after: float | None
    ) -> None:
        retry = row.attempts + 1
        with self.stats.lock:
            self.stats.failures += 1
        if retry > policy.max_retries:
            self.store.reschedule(row, None, error)
            with self.stats.lock:
                self.stats.dead += 1
            log.warning("notification %s dead-lettered after %d tries: %s",
                        row.webhook_id, retry, error)
            return
        wait = max(policy.delay(retry), retry_after or 0.0)
        self.store.reschedule(row, int((self.clock() + wait) * 1000), error)
        retry_log.info("notification %s failed (%s); retry %d in %.1fs",
                 row.webhook_id, error, retry, wait)
