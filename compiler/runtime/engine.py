"""Run a plan: once (for cron and CI) or on each resource's interval.

The engine wires the parts: :class:`~.store.sqlite.SqliteStore` (state),
:class:`~.poller.Poller` (a transport's pages to outbox) and :class:`~.delivery.Deliverer`
(outbox to callbacks), which drains while the poller works, from a forked
child process (:mod:`.deliver_proc`) or from threads. The state lock is taken
first, then the child is forked, then the database is opened. The first run
of a resource starts at ``--since`` or now; "now" backfills nothing, and the
log says so.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..plan.model import Instance, Plan, Resource
from .credentials import Redactor, destinations, secret_values
from .deliver_proc import DeliveryProcess, InProcessDelivery, Totals
from .delivery import Deliverer, Destination
from .errors import SetupError
from .http.client import HttpClient
from .http.urls import check_url, redact_url
from .logs import counted
from .poller import Poller, PollResult
from .records import to_ms
from .store.base import StateStore, Watermark
from .store.sqlite import SqliteStore, lock_state
from .transports.base import ApiRetry
from .transports.hub import HubTransport

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_PENDING", "RunOptions", "run"]

log = logging.getLogger("sage200cfg.run")

EXIT_OK = 0  #: everything polled and delivered
EXIT_FAILED = 1  #: a poll failed, a notification was dead-lettered, or delivery crashed
EXIT_PENDING = 3  #: deliveries remain pending after --drain-timeout


@dataclass(frozen=True)
class RunOptions:
    """Everything ``sage200cfg run`` takes besides the plan."""

    base_url: str
    state: Path
    auth_header: str | None = None
    once: bool = False
    drain_timeout: float = 30.0
    since: datetime | None = None
    allow_http: bool = False
    ca_bundle: str | None = None
    workers: int = 4
    api_retry: ApiRetry = ApiRetry()
    api_timeout: float = 30.0
    delivery_process: bool = False  #: deliver from a child process (the CLI does)


def _init_watermarks(store: StateStore, plan: Plan, since: datetime | None) -> None:
    now_ms = int(time.time() * 1000)
    for instance, resource in plan.resources():
        if store.watermark(instance.name, resource.name) is not None:
            continue
        if since is None:
            store.init_watermark(instance.name, resource.name, Watermark(now_ms, "now"))
            log.info("%s/%s: first run starts now; earlier changes are not backfilled "
                     "(use --since to backfill)", instance.name, resource.name)
        else:
            store.init_watermark(instance.name, resource.name, Watermark(to_ms(since), "since"))
            log.info("%s/%s: first run starts at --since %s", instance.name, resource.name,
                     since.isoformat())


def run(plan: Plan, options: RunOptions, stop: threading.Event) -> int:
    """Run the plan; returns the exit status. Raises SetupError before anything runs."""
    check_url(options.base_url, "--base-url", options.allow_http)
    if options.ca_bundle is not None and not os.path.isfile(options.ca_bundle):
        raise SetupError(f"--ca-bundle {options.ca_bundle}: no such file")
    dests = destinations(plan, os.environ, options.allow_http)
    lock = lock_state(options.state)
    try:
        child = None
        if options.delivery_process:
            # Forked before this process opens the database or starts a thread.
            child = DeliveryProcess(options.state, dests, options.workers,
                                    options.api_timeout, options.ca_bundle, lock)
        try:
            store = SqliteStore(options.state)
        except BaseException:
            if child is not None:
                child.finish(None, stop)
            raise
        try:
            return _run(plan, options, stop, store, dests, child)
        finally:
            store.close()
    finally:
        lock.close()


def _run(
    plan: Plan, options: RunOptions, stop: threading.Event, store: StateStore,
    dests: dict[str, Destination], child: DeliveryProcess | None,
) -> int:
    client = HttpClient(timeout=options.api_timeout, ca_bundle=options.ca_bundle)
    store.release_leases()  # before any worker claims
    delivery: DeliveryProcess | InProcessDelivery = child or InProcessDelivery(
        Deliverer(store, client, dests, workers=options.workers)
    )
    headers = {"Authorization": options.auth_header} if options.auth_header else {}
    redact = Redactor(secret_values(plan, os.environ, options.auth_header))
    transport = HubTransport(client, options.base_url, headers, options.api_retry)
    poller = Poller(store, transport, on_commit=delivery.notify, redact=redact)
    finished = False
    try:
        _init_watermarks(store, plan, options.since)
        log.info("polling %s with %d resources", redact_url(options.base_url),
                 len(plan.resources()))
        if options.once:
            results = [_poll(poller, i, r, stop) for i, r in plan.resources()
                       if not stop.is_set()]
            totals = delivery.finish(time.time() + options.drain_timeout, stop)
            finished = True
            return _once_status(results, totals, store.pending_count())
        _forever(plan, poller, stop)
        return EXIT_OK
    finally:
        poller.close()
        transport.close()
        if not finished:
            delivery.finish(None, stop)
        client.close()


def _once_status(results: list[PollResult], totals: Totals, pending: int) -> int:
    log.info("cycle done: %s queued, %d quarantined; delivered %s (%s), %d dead-lettered, "
             "%d pending", counted(sum(r.events for r in results), "event"),
             sum(r.quarantined for r in results), counted(totals.delivered, "notification"),
             counted(totals.events, "event"), totals.dead, pending)
    if any(r.error for r in results) or totals.dead or totals.crashed:
        return EXIT_FAILED
    if pending or not totals.drained:
        log.warning("%d notifications still pending; the next run retries them", pending)
        return EXIT_PENDING
    return EXIT_OK


def _poll(poller: Poller, instance: Instance, resource: Resource, stop: threading.Event
          ) -> PollResult:
    result = poller.poll(instance, resource, stop)
    if result.error is None:
        log.info("%s/%s: %s, %s, %s, %d repeats skipped, %d quarantined",
                 instance.name, resource.name, counted(result.pages, "page"),
                 counted(result.requests, "request"), counted(result.events, "new event"),
                 result.duplicates, result.quarantined)
    return result


def _forever(plan: Plan, poller: Poller, stop: threading.Event) -> None:
    """Poll each resource every ``interval`` seconds (from poll start) until ``stop``."""
    due = {n: time.monotonic() for n in range(len(plan.resources()))}
    targets = plan.resources()
    while not stop.is_set():
        index = min(due, key=due.__getitem__)
        wait = due[index] - time.monotonic()
        if wait > 0:
            stop.wait(wait)
            continue
        instance, resource = targets[index]
        due[index] = time.monotonic() + resource.interval
        _poll(poller, instance, resource, stop)
    log.info("stopped on signal; state committed")
