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

Rows of an instance that is no longer in the plan are failures like any
other ("its instance is no longer in the plan"), retried and then
dead-lettered by the plan's retry policy (the shortest of its instances'). On a
shared store, where workers may run different plans for a while (a rolling
restart onto a plan with a new company), such a row is first handed back to
the workers whose plans have it (:meth:`StateStore.pass_over`).
Each cause of failure (``HTTP 401 from the callback``, ``connection
refused``) is logged once per instance at the default level; every retry is
logged with ``-v``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from ..plan.model import RetryPolicy
from . import causes
from .envelope import sign
from .http.client import TRANSPORT_ERRORS, HttpClient
from .store.base import Pending, StateStore

__all__ = ["Deliverer", "Destination", "DeliveryStats"]

log = logging.getLogger("sage200cfg.run")
retry_log = logging.getLogger("sage200cfg.run.retry")

#: How often an idle worker looks for rows nobody told it about (new rows when
#: delivering from a child process, another worker's, retries falling due). One
#: looks often; the others rarely, since a worker whose claim comes back full
#: wakes another: a fleet's idle delivery threads were a stream of empty claims.
IDLE_S = 0.1
IDLE_OTHERS_S = 1.0


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
    events_by_instance: Counter[str] = field(default_factory=Counter)
    failed: Counter[tuple[str, str]] = field(default_factory=Counter)  #: (instance, reason)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def snapshot(self) -> dict[str, object]:
        """Plain data (it crosses the pipe from the delivery process)."""
        with self.lock:
            return {"delivered": self.delivered, "events": self.events, "dead": self.dead,
                    "events_by_instance": dict(self.events_by_instance),
                    "failed": dict(self.failed)}


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
        self._wake = threading.Condition()
        self._stop = threading.Event()
        self._acks: list[Pending] = []
        self._acks_lock = threading.Lock()
        self._threads = [
            threading.Thread(target=self._work, args=(IDLE_S if n == 0 else IDLE_OTHERS_S,),
                             name=f"deliver-{n}", daemon=True)
            for n in range(workers)
        ]
        self._acker = threading.Thread(target=self._ack_loop, name="acknowledge", daemon=True)
        self._told: set[tuple[str, str]] = set()  # (instance, reason) already logged
        # Rows of an instance gone from the plan follow the plan's shortest policy.
        self._orphan_policy = min((d.retry for d in destinations.values()),
                                  key=lambda p: (p.max_retries, p.backoff_base_seconds),
                                  default=RetryPolicy())

    def start(self) -> None:
        for thread in self._threads:
            thread.start()
        self._acker.start()

    def notify(self) -> None:
        """New rows were committed: wake one idle worker.

        One, not all: a page's rows are claimed in one batch, and every worker
        woken for it would cost a claim round trip that comes back empty.
        Busy workers claim again as soon as their batch is posted.
        """
        with self._wake:
            self._wake.notify()

    def stop(self) -> None:
        """Stop after the POSTs in hand; their results are recorded."""
        with self._wake:  # under the lock: no worker is between its check and its wait
            self._stop.set()
            self._wake.notify_all()
        for thread in self._threads:
            thread.join()
        self._acker.join()
        self._flush()

    def drain(self, deadline: float, stop: threading.Event) -> bool:
        """Wait until nothing is pending, ``deadline`` (clock time) or ``stop``; True if drained."""
        with self._wake:  # the polls are done: every idle worker looks now
            self._wake.notify_all()
        while self.store.pending_count():
            if self.clock() >= deadline or stop.wait(0.02):
                return False
        return True

    def _work(self, idle: float) -> None:
        while not self._stop.is_set():
            try:
                self._round(idle)
            except Exception as exc:  # noqa: BLE001 - a worker must outlive one bad round
                log.error("delivery worker: %s: %s; retrying in 1 s", type(exc).__name__, exc)
                self._stop.wait(1.0)

    def _round(self, idle: float) -> None:
        rows = self.store.claim_due(int(self.clock() * 1000), self.batch)
        if not rows:
            with self._wake:  # rows of other workers, and retries that fall due
                if not self._stop.is_set():  # a stop while claiming must not wait `idle`
                    self._wake.wait(idle)
            return
        if len(rows) == self.batch:
            with self._wake:  # a full batch: more rows may be waiting for another worker
                self._wake.notify()
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
            for row in delivered:
                self.stats.events_by_instance[row.instance] += row.events

    def _post(self, row: Pending) -> bool:
        dest = self.destinations.get(row.instance)
        if dest is None:
            if self.store.pass_over(row):  # another worker's plan has it
                self._passed_over(row)
                return False
            # Kept for a while (the instance may come back with the next plan),
            # then dead-lettered: `events requeue-dead` sends it once it is back.
            self._failed(row, self._orphan_policy, causes.NOT_IN_PLAN, None)
            return False
        headers = {**dest.headers, "elements-webhook-id": row.webhook_id}
        if dest.signing_key is not None:
            headers["Elements-Webhook-Signature"] = sign(dest.signing_key, row.body)
        retry_after = None
        try:
            reply = self.client.post(dest.url, headers, row.body)
        except TRANSPORT_ERRORS as exc:
            cause = causes.from_exception(exc)
        else:
            if 200 <= reply.status < 300:
                return True
            cause, retry_after = causes.from_status(reply.status), reply.retry_after()
        self._failed(row, dest.retry, cause, retry_after)
        return False

    def _passed_over(self, row: Pending) -> None:
        with self.stats.lock:
            first = (row.instance, "passed over") not in self._told
            self._told.add((row.instance, "passed over"))
        if first:
            log.info("instance %s is not in this plan: its notifications are left to the "
                     "workers whose plan has it", row.instance,
                     extra={"instance": row.instance, "outcome": "passed_over"})

    def _failed(
        self, row: Pending, policy: RetryPolicy, cause: causes.Cause, retry_after: float | None
    ) -> None:
        retry = row.attempts + 1
        reason, error = cause
        with self.stats.lock:
            self.stats.failures += 1
            self.stats.failed[(row.instance, reason)] += 1
            first = (row.instance, reason) not in self._told
            self._told.add((row.instance, reason))
        extra = {"instance": row.instance, "resource": row.resource,
                 "webhook_id": row.webhook_id, "outcome": reason}
        if first:
            log.warning("delivery to instance %s failing: %s (retried with back-off; "
                        "said once per cause)", row.instance, error, extra=extra)
        if retry > policy.max_retries:
            self.store.reschedule(row, None, error)
            with self.stats.lock:
                self.stats.dead += 1
            log.warning("notification %s dead-lettered after %d tries: %s",
                        row.webhook_id, retry, error, extra=extra)
            return
        wait = max(policy.delay(retry), retry_after or 0.0)
        self.store.reschedule(row, int((self.clock() + wait) * 1000), error)
        retry_log.info("notification %s failed (%s); retry %d in %.1fs",
                       row.webhook_id, error, retry, wait, extra=extra)
