"""The state store interface: watermarks, seen-set, outbox, quarantine, dead letters.

One poll page is one transaction (:meth:`StateStore.commit_page`): its
notifications enter the outbox together with the (id, updated) keys that
dedupe them, and the last page of a poll also advances the watermark. So a
crash at any moment either keeps a whole page or none of it, and a page that
was kept is never emitted again (its keys are in the seen-set).

Delivery claims due outbox rows, POSTs them and acknowledges the result. Only
rows claimed but not yet acknowledged at a crash can be sent twice.

Poll leases: a worker polls one (instance, resource) only while it holds its
:class:`Lease`. Every grant carries a new, larger fencing token; a page that
names a lease commits only while that token is still the current one
(:class:`~..errors.LeaseLost` otherwise), so a worker that stalled past its
lease can move neither the watermark nor the seen-set. The last page of a
poll gives its lease up as it commits.

:class:`~.sqlite.SqliteStore` is the single-node implementation (one process,
leases in memory); :class:`~.postgres.PostgresStore` lets several workers share
one database.
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

__all__ = [
    "Builder",
    "Lease",
    "Outgoing",
    "OutboxSummary",
    "Page",
    "Pending",
    "Quarantined",
    "SeenKey",
    "StateStore",
    "Watermark",
]

#: (object id, updated value as the API sent it)
SeenKey = tuple[str, str]


@dataclass(frozen=True)
class Watermark:
    """Where the next poll of one resource starts."""

    last_poll_ms: int  #: start of the previous successful poll (or the first-run start)
    origin: str  #: "poll", "now" (first run, no backfill) or "since" (--since)


@dataclass(frozen=True)
class Outgoing:
    """A notification ready for the outbox; its body never changes afterwards."""

    webhook_id: str
    body: bytes
    events: int


@dataclass(frozen=True)
class Quarantined:
    """A record that could not become an event, and why."""

    object_id: str | None
    reason: str
    record: str  #: the record as JSON text


@dataclass(frozen=True)
class Lease:
    """The right to poll one resource, until ``ttl_ms`` after its last renewal."""

    instance: str
    resource: str
    holder: str  #: which worker holds it (host:pid:nonce)
    token: int  #: fencing token: larger than every earlier grant of this resource
    ttl_ms: int
    watermark: Watermark | None = None  #: as of the grant, when the store read it with it


#: Builds the notifications of a page from the seen keys that were new (in page order).
Builder = Callable[[Sequence[SeenKey]], Sequence[Outgoing]]


@dataclass(frozen=True)
class Page:
    """Everything one page of one poll produced, committed atomically.

    With ``build`` set, the store inserts ``seen`` first and stores the
    notifications ``build`` returns for the keys that were really new, so two
    workers that read the same record emit it once; ``notifications`` is then
    ignored.
    """

    instance: str
    resource: str
    notifications: Sequence[Outgoing] = ()
    seen: Sequence[tuple[SeenKey, int]] = ()  #: (key, filter instant ms) per emitted record
    quarantined: Sequence[Quarantined] = ()
    advance_to: Watermark | None = None  #: set on the last page of a successful poll
    prune_before_ms: int | None = None  #: seen keys older than this cannot recur
    #: commit only while this lease is current (and renew it); with ``advance_to``
    #: the poll is done and the lease is given up in the same commit
    lease: Lease | None = None
    build: Builder | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Pending:
    """One claimed outbox row."""

    row_id: int
    webhook_id: str
    instance: str
    resource: str
    body: bytes
    events: int
    attempts: int  #: failed POSTs so far
    claim: int = 0  #: the claim's token (shared stores acknowledge only with it)


@dataclass
class ResourceStatus:
    """What ``sage200cfg status`` shows for one resource."""

    instance: str
    resource: str
    watermark: Watermark | None = None
    last_success_ms: int | None = None
    last_error: str | None = None
    last_error_ms: int | None = None
    pending: int = 0
    dead: int = 0
    quarantined: int = 0
    delivered_notifications: int = 0
    delivered_events: int = 0
    lease_holder: str | None = None  #: shared stores: who polls it now
    lease_expires_ms: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class OutboxSummary:
    """The outbox at a glance, for metrics and the status page."""

    pending: dict[str, int]  #: instance -> rows waiting for delivery
    dead: dict[str, int]  #: instance -> dead-lettered rows
    oldest_pending_body: bytes | None = None  #: the body of the oldest pending row


class StateStore(abc.ABC):
    """Durable runtime state. Implementations must be safe to call from threads."""

    #: True when several worker processes may share this store (no file lock).
    shared: ClassVar[bool] = False

    @abc.abstractmethod
    def watermark(self, instance: str, resource: str) -> Watermark | None:
        """The resource's watermark, or None before its first run."""

    def watermarks(self, resources: Sequence[tuple[str, str]]) -> dict[tuple[str, str], Watermark]:
        """The watermarks of those ``resources`` that have one (stores override with one query)."""
        marks = {key: self.watermark(*key) for key in resources}
        return {key: mark for key, mark in marks.items() if mark is not None}

    @abc.abstractmethod
    def init_watermark(self, instance: str, resource: str, mark: Watermark) -> None:
        """Record the first-run watermark (no-op if one exists)."""

    def init_watermarks(
        self, resources: Sequence[tuple[str, str]], mark: Watermark
    ) -> list[tuple[str, str]]:
        """Give every resource without a watermark ``mark``; return those it was given to."""
        new = []
        for instance, resource in resources:
            if self.watermark(instance, resource) is None:
                self.init_watermark(instance, resource, mark)
                new.append((instance, resource))
        return new

    @abc.abstractmethod
    def already_seen(
        self, instance: str, resource: str, keys: Iterable[SeenKey]
    ) -> set[SeenKey]:
        """The subset of ``keys`` emitted before."""

    @abc.abstractmethod
    def commit_page(self, page: Page) -> int:
        """Store one page's output (and maybe the watermark advance) in one transaction;
        returns how many of its keys were new (those its notifications carry)."""

    @abc.abstractmethod
    def record_error(self, instance: str, resource: str, message: str) -> None:
        """Remember why the last poll of a resource failed."""

    @abc.abstractmethod
    def acquire_lease(
        self, instance: str, resource: str, holder: str, ttl_ms: int, interval_ms: int = 0
    ) -> Lease | None:
        """Lease a resource for polling, or None while another holder's lease is live.

        With ``interval_ms``, also None while the resource's last successful
        poll started less than ``interval_ms`` ago (it is not due yet).
        """

    def acquire_leases(
        self, wanted: Sequence[tuple[str, str, int]], holder: str, ttl_ms: int
    ) -> list[Lease]:
        """Lease each (instance, resource, interval_ms) that :meth:`acquire_lease` would
        grant; a shared store does it in one round trip, skipping rows being changed."""
        granted = []
        for instance, resource, interval_ms in wanted:
            lease = self.acquire_lease(instance, resource, holder, ttl_ms, interval_ms)
            if lease is not None:
                granted.append(lease)
        return granted

    @abc.abstractmethod
    def renew_lease(self, lease: Lease) -> bool:
        """Extend a lease by its ttl; False when it is no longer current (lost)."""

    @abc.abstractmethod
    def release_lease(self, lease: Lease) -> None:
        """Give a lease up (no-op when it was lost); the token stays spent."""

    @abc.abstractmethod
    def claim_due(self, now_ms: int, limit: int) -> list[Pending]:
        """Lease up to ``limit`` pending rows whose next attempt is due."""

    @abc.abstractmethod
    def acknowledge(self, delivered: Sequence[Pending]) -> None:
        """Remove delivered rows and count them."""

    @abc.abstractmethod
    def reschedule(self, row: Pending, next_attempt_ms: int | None, error: str) -> None:
        """Record a failed POST; ``next_attempt_ms`` None dead-letters the row."""

    def pass_over(self, row: Pending) -> bool:
        """Hand a claimed row of an instance this worker's plan lacks back to the workers
        whose plans have it, and claim no more of its resource's young rows; False when
        no other worker can take it (a store of its own, or a row queued too long ago):
        then it fails like any other."""
        return False

    @abc.abstractmethod
    def release_leases(self) -> None:
        """Forget leases of a previous process (its in-flight rows are due again)."""

    @abc.abstractmethod
    def next_due_ms(self) -> int | None:
        """When the earliest pending, unleased row is due, or None if none is pending."""

    @abc.abstractmethod
    def pending_count(self) -> int:
        """Rows still waiting for delivery (leased or not)."""

    @abc.abstractmethod
    def requeue_dead(self) -> int:
        """Make every dead letter pending again; return how many."""

    @abc.abstractmethod
    def due_now(self) -> int:
        """Make every pending row due immediately (skip its backoff); return how many."""

    @abc.abstractmethod
    def status(self) -> list[ResourceStatus]:
        """Per-resource status, sorted by instance and resource."""

    def outbox_summary(self) -> OutboxSummary:
        """Pending and dead rows per instance (stores may override with one cheap query)."""
        pending: dict[str, int] = {}
        dead: dict[str, int] = {}
        for row in self.status():
            pending[row.instance] = pending.get(row.instance, 0) + row.pending
            dead[row.instance] = dead.get(row.instance, 0) + row.dead
        return OutboxSummary(pending, dead)

    @abc.abstractmethod
    def quarantined(self, limit: int = 100) -> list[tuple[str, str, str | None, str]]:
        """The latest quarantined records: (instance, resource, object id, reason)."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release the store."""
