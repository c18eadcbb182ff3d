"""The state store interface: watermarks, seen-set, outbox, quarantine, dead letters.

One poll page is one transaction (:meth:`StateStore.commit_page`): its
notifications enter the outbox together with the (id, updated) keys that
dedupe them, and the last page of a poll also advances the watermark. So a
crash at any moment either keeps a whole page or none of it, and a page that
was kept is never emitted again (its keys are in the seen-set).

Delivery claims due outbox rows, POSTs them and acknowledges the result. Only
rows claimed but not yet acknowledged at a crash can be sent twice.

:class:`~.sqlite.SqliteStore` is the single-node implementation; a
PostgreSQL store for several workers implements the same small interface.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Outgoing",
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
class Page:
    """Everything one page of one poll produced, committed atomically."""

    instance: str
    resource: str
    notifications: Sequence[Outgoing] = ()
    seen: Sequence[tuple[SeenKey, int]] = ()  #: (key, filter instant ms) per emitted record
    quarantined: Sequence[Quarantined] = ()
    advance_to: Watermark | None = None  #: set on the last page of a successful poll
    prune_before_ms: int | None = None  #: seen keys older than this cannot recur


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
    extra: dict[str, Any] = field(default_factory=dict)


class StateStore(abc.ABC):
    """Durable runtime state. Implementations must be safe to call from threads."""

    @abc.abstractmethod
    def watermark(self, instance: str, resource: str) -> Watermark | None:
        """The resource's watermark, or None before its first run."""

    @abc.abstractmethod
    def init_watermark(self, instance: str, resource: str, mark: Watermark) -> None:
        """Record the first-run watermark (no-op if one exists)."""

    @abc.abstractmethod
    def already_seen(
        self, instance: str, resource: str, keys: Iterable[SeenKey]
    ) -> set[SeenKey]:
        """The subset of ``keys`` emitted before."""

    @abc.abstractmethod
    def commit_page(self, page: Page) -> None:
        """Store one page's output (and maybe the watermark advance) in one transaction."""

    @abc.abstractmethod
    def record_error(self, instance: str, resource: str, message: str) -> None:
        """Remember why the last poll of a resource failed."""

    @abc.abstractmethod
    def claim_due(self, now_ms: int, limit: int) -> list[Pending]:
        """Lease up to ``limit`` pending rows whose next attempt is due."""

    @abc.abstractmethod
    def acknowledge(self, delivered: Sequence[Pending]) -> None:
        """Remove delivered rows and count them."""

    @abc.abstractmethod
    def reschedule(self, row: Pending, next_attempt_ms: int | None, error: str) -> None:
        """Record a failed POST; ``next_attempt_ms`` None dead-letters the row."""

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

    @abc.abstractmethod
    def close(self) -> None:
        """Release the store."""
