"""One poll of one resource: page through a transport, classify, dedupe, commit.

The placeholder instant is the start of the previous successful poll minus
``pollDelay`` (:meth:`Resource.placeholder_instant`). Pages are read from a
:class:`~.transports.base.Transport` until it returns no cursor for the next. Each page is
committed on its own; the last one also moves the watermark to this poll's
start. A poll that fails keeps the old watermark: the pages it did commit are
in the seen-set, so polling again resends nothing.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import partial

from ..plan.model import DateExtraction, Instance, Resource
from .envelope import build_notification
from .errors import ApiError, LeaseLost
from .records import Classifier, Event, Rejected, dst_slack_ms, floor_ms, from_ms
from .store.base import Lease, Outgoing, Page, Quarantined, SeenKey, StateStore, Watermark
from .transports.base import PageReply, Transport

__all__ = ["PollResult", "Poller"]

log = logging.getLogger("sage200cfg.run")


@dataclass
class PollResult:
    """What one poll did."""

    pages: int = 0
    requests: int = 0
    events: int = 0
    duplicates: int = 0
    quarantined: int = 0
    completed: bool = False  #: False when stopped early or failed
    error: str | None = None


class Poller:
    """Polls resources of a plan through one transport."""

    def __init__(
        self,
        store: StateStore,
        transport: Transport,
        *,
        on_commit: Callable[[], None] = lambda: None,
        clock: Callable[[], float] = time.time,
        redact: Callable[[str], str] = lambda text: text,
    ) -> None:
        self.store = store
        self.transport = transport
        self.on_commit = on_commit
        self.clock = clock
        self.redact = redact
        self._prefetch = ThreadPoolExecutor(1, thread_name_prefix="prefetch")

    def close(self) -> None:
        """Stop the page prefetch thread."""
        self._prefetch.shutdown(wait=True, cancel_futures=True)

    def poll(self, instance: Instance, resource: Resource, stop: threading.Event,
             lease: Lease | None = None) -> PollResult:
        """Poll once; never raises for API trouble (it is recorded and returned).

        With a ``lease``, every page commits only while the lease is current.
        """
        result = PollResult()
        mark = lease.watermark if lease is not None and lease.watermark else (
            self.store.watermark(instance.name, resource.name))
        if mark is None:
            raise RuntimeError(f"{instance.name}/{resource.name} has no watermark")
        start_ms = int(self.clock() * 1000)
        try:
            self._pages(instance, resource, mark, start_ms, stop, result, lease)
        except LeaseLost as exc:
            # Another worker owns the resource now: its poll records its own outcome.
            result.error = str(exc)
            log.warning("%s", exc)
        except ApiError as exc:
            self._failed(instance, resource, result, str(exc))
        except Exception as exc:  # noqa: BLE001 - one resource must not stop the others
            self._failed(instance, resource, result, f"{type(exc).__name__}: {exc}")
        return result

    def _failed(self, instance: Instance, resource: Resource, result: PollResult, error: str
                ) -> None:
        error = self.redact(error)  # servers may echo what we sent them
        result.error = error
        log.warning("%s/%s: poll failed, watermark kept: %s", instance.name, resource.name, error)
        try:
            self.store.record_error(instance.name, resource.name, error)
        except Exception as exc:  # noqa: BLE001 - the state file itself may be the problem
            log.error("cannot record the error in the state file: %s", exc)

    def _pages(
        self, instance: Instance, resource: Resource, mark: Watermark, start_ms: int,
        stop: threading.Event, result: PollResult, lease: Lease | None = None,
    ) -> None:
        since = from_ms(mark.last_poll_ms)
        lower = self._lower_bound(resource, mark.last_poll_ms)
        # A DST change in the window: dates without an offset may read an hour off.
        slack = dst_slack_ms(self._filter_date(resource), mark.last_poll_ms, start_ms)
        classifier = Classifier(resource, lower - slack, start_ms + slack)
        fetch = partial(self.transport.fetch, instance, resource, since)
        pending = self._prefetch.submit(fetch, None)
        while True:
            reply: PageReply = pending.result()
            result.requests += reply.requests
            last = not reply.records or reply.cursor is None
            if not last and not stop.is_set():
                # Fetch the next page while this one is processed: the API
                # renders it in the time we spend classifying and committing.
                pending = self._prefetch.submit(fetch, reply.cursor)
            page = self._page(instance, resource, classifier, reply.records, start_ms, result)
            if lease is not None:
                page = replace(page, lease=lease)
            if last:
                keep_from = self._lower_bound(resource, start_ms) - dst_slack_ms(
                    self._filter_date(resource), start_ms, start_ms)
                page = _finish(page, start_ms, keep_from)
                result.completed = True
            self.store.commit_page(page)
            self.on_commit()
            result.pages += 1
            if last or stop.is_set():
                if not last:
                    pending.cancel()
                return

    def _lower_bound(self, resource: Resource, poll_ms: int) -> int:
        instant_ms = poll_ms - resource.poll_delay * 1000
        return floor_ms(self._filter_date(resource), instant_ms)

    @staticmethod
    def _filter_date(resource: Resource) -> DateExtraction | None:
        filter_on = resource.updated if resource.filter_by_updated_date else resource.created
        return filter_on or resource.updated

    def _page(
        self, instance: Instance, resource: Resource, classifier: Classifier,
        records: list[object], start_ms: int, result: PollResult,
    ) -> Page:
        events: list[Event] = []
        rejected: list[Quarantined] = []
        for record in records:
            outcome = classifier.classify(record)
            if isinstance(outcome, Event):
                events.append(outcome)
            elif isinstance(outcome, Rejected):
                rejected.append(Quarantined(outcome.object_id, outcome.reason, outcome.record))
        # A shared store dedupes atomically as it commits (the keys it inserts
        # decide), so asking it first would only cost a round trip.
        seen = set() if self.store.shared else self.store.already_seen(
            instance.name, resource.name, [(e.object_id, e.updated_text) for e in events]
        )
        fresh: dict[tuple[str, str], Event] = {}
        for event in events:
            fresh.setdefault((event.object_id, event.updated_text), event)
        new = [e for key, e in fresh.items() if key not in seen]
        result.duplicates += len(events) - len(new)
        result.quarantined += len(rejected)
        size = instance.delivery.max_events_per_notification
        by_key = {(e.object_id, e.updated_text): e for e in new}

        def build(keys: Sequence[SeenKey]) -> list[Outgoing]:
            # The store calls this with the keys it really inserted (a shared
            # store may find some already emitted, by this worker or another).
            result.events += len(keys)
            result.duplicates += len(new) - len(keys)
            events = [by_key[key] for key in keys]
            return [build_notification(instance, resource, events[i : i + size], start_ms)
                    for i in range(0, len(events), size)]

        return Page(
            instance.name, resource.name,
            seen=[((e.object_id, e.updated_text), e.filter_ms) for e in new],
            quarantined=rejected, build=build,
        )


def _finish(page: Page, start_ms: int, prune_before: int) -> Page:
    return replace(page, advance_to=Watermark(start_ms, "poll"), prune_before_ms=prune_before)

