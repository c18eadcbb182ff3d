"""One poll of one resource: page through a transport, classify, dedupe, commit.

The placeholder instant is the start of the previous successful poll minus
``pollDelay`` (:meth:`Resource.placeholder_instant`) minus ``--overlap``: a
record committed late (a long Sage transaction, a server clock behind ours)
still falls in the next window, and the seen-set keeps the overlap free of
duplicates. Pages are read from a :class:`~.transports.base.Transport` until
it returns no cursor for the next, or an empty page. Each page is committed
on its own; the last one also moves (or first creates) the watermark to this
poll's start. An empty page that ends a poll has nothing to commit but the
watermark, so the commit of the page before it carries it.
A poll that fails, is stopped or passes its deadline keeps the old watermark
(or still has none): the pages it did commit are in the seen-set, so polling
again resends nothing.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, replace
from functools import partial

from ..plan.model import DateExtraction, Instance, Resource
from .deadline import DaemonPool, PollScope, scoped
from .envelope import build_notification
from .errors import ApiError, LeaseLost, PollInterrupted
from .records import Classifier, Event, Rejected, dst_slack_ms, floor_ms, from_ms
from .skew import SkewCheck
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
        overlap: float = 0.0,
    ) -> None:
        self.store = store
        self.transport = transport
        self.on_commit = on_commit
        self.clock = clock
        self.redact = redact
        self.overlap_ms = int(overlap * 1000)
        self.skew = SkewCheck(overlap)
        self.fetchers = DaemonPool()

    def close(self) -> None:
        """Let the fetch threads end (a hung one ends with its request or the process)."""
        self.fetchers.close()

    def poll(
        self, instance: Instance, resource: Resource, stop: threading.Event,
        mark: Watermark | None = None, deadline: float | None = None,
        lease: Lease | None = None,
    ) -> PollResult:
        """Poll once from ``mark`` (default: the lease's, else the stored watermark) until
        done, ``stop`` or ``deadline`` (monotonic); never raises for API trouble (it is
        recorded and returned). With a ``lease``, every page commits only while the
        lease is current.
        """
        result = PollResult()
        if mark is None and lease is not None:
            mark = lease.watermark
        mark = mark or self.store.watermark(instance.name, resource.name)
        if mark is None:
            raise RuntimeError(f"{instance.name}/{resource.name} has no watermark")
        start_ms = int(self.clock() * 1000)
        scope = PollScope(stop, deadline if deadline is not None else time.monotonic() + 1e9)
        try:
            with scoped(scope):
                self._pages(instance, resource, mark, start_ms, scope, result, lease)
        except PollInterrupted as exc:
            if not stop.is_set():
                self._failed(instance, resource, result, str(exc))
            else:
                log.info("%s/%s: stopped after %d pages; watermark kept", instance.name,
                         resource.name, result.pages)
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
        log.warning("%s/%s: poll failed, watermark kept: %s", instance.name, resource.name, error,
                    extra={"outcome": "failed"})
        try:
            self.store.record_error(instance.name, resource.name, error)
        except Exception as exc:  # noqa: BLE001 - the state file itself may be the problem
            log.error("cannot record the error in the state file: %s", exc)

    def _pages(
        self, instance: Instance, resource: Resource, mark: Watermark, start_ms: int,
        scope: PollScope, result: PollResult, lease: Lease | None = None,
    ) -> None:
        # "now" and --since starts are exact; a window after a poll is widened.
        from_ms_ = mark.last_poll_ms - (self.overlap_ms if mark.origin == "poll" else 0)
        lower = self._lower_bound(resource, from_ms_)
        # A DST change in the window: dates without an offset may read an hour off.
        slack = dst_slack_ms(self._filter_date(resource), from_ms_, start_ms)
        classifier = Classifier(resource, lower - slack, start_ms + slack)
        fetch = partial(self.transport.fetch, instance, resource, from_ms(from_ms_))
        name = f"fetch-{instance.name}-{resource.name}"
        reply: PageReply = fetch(None)  # on this thread: it would only wait for the page
        self._read(reply, result)
        while True:
            last = not reply.records or reply.cursor is None
            ending = not last and scope.expired()
            pending = None
            if not last and not ending and len(reply.records) >= resource.page_size:
                # A full page: fetch the next while this one is processed (the API
                # renders it in the time we spend classifying). After a short one
                # the next is most likely empty; fetching it here costs less.
                pending = self.fetchers.submit(partial(fetch, reply.cursor), name)
            page = self._page(instance, resource, classifier, reply.records, start_ms, result)
            if lease is not None:
                page = replace(page, lease=lease)
            if not last and not ending:
                reply = self._next(pending or partial(fetch, reply.cursor), page, result)
                # An empty next page ends the poll: this page's commit carries the
                # watermark (one commit, not a second one for nothing).
                last = not reply.records
            if last:
                page = self._finish(resource, page, start_ms)
            self._commit(page, result)
            if last:
                result.completed = True  # only once the watermark is in
                return
            if ending:
                scope.check()  # the page in hand is committed; now end the poll

    def _next(self, page_source: Future[PageReply] | Callable[[], PageReply], page: Page,
              result: PollResult) -> PageReply:
        """The next page, fetched ahead or now; if that fails, ``page`` is kept first."""
        try:
            reply = page_source.result() if isinstance(page_source, Future) else page_source()
        except BaseException:
            self._commit(page, result)  # what was read stays read
            raise
        self._read(reply, result)
        return reply

    def _read(self, reply: PageReply, result: PollResult) -> None:
        self.skew.check(reply.server_date_ms, int(self.clock() * 1000))
        result.requests += reply.requests
        result.pages += 1

    def _commit(self, page: Page, result: PollResult) -> None:
        new = self.store.commit_page(page)
        result.events += new
        result.duplicates += len(page.seen) - new
        self.on_commit()

    def _finish(self, resource: Resource, page: Page, start_ms: int) -> Page:
        """The last page also moves the watermark to this poll's start. The next
        window starts there minus delay and overlap: older keys cannot come back."""
        next_from = start_ms - self.overlap_ms
        keep_from = self._lower_bound(resource, next_from) - dst_slack_ms(
            self._filter_date(resource), next_from, start_ms)
        return replace(page, advance_to=Watermark(start_ms, "poll"), prune_before_ms=keep_from)

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
            # The store calls this with the keys it inserts (a shared store may
            # find some already emitted, by this worker or another).
            events = [by_key[key] for key in keys]
            return [build_notification(instance, resource, events[i : i + size], start_ms)
                    for i in range(0, len(events), size)]

        return Page(
            instance.name, resource.name,
            seen=[((e.object_id, e.updated_text), e.filter_ms) for e in new],
            quarantined=rejected, build=build,
        )

