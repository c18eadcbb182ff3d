"""Run a plan: once (for cron and CI) or on each resource's interval.

The engine wires the parts: the store (:func:`~.store.open.open_store`: SQLite
for a file, PostgreSQL for a ``postgresql://`` URI shared by several workers),
:class:`~.poller.Poller` (a transport's pages to outbox) and :class:`~.delivery.Deliverer`
(outbox to callbacks), which drains while the poller works, from a forked
child process (:mod:`.deliver_proc`) or from threads. The state lock is taken
first, then the child is forked, then the database is opened. The first run
of a resource starts at ``--since`` or now; "now" backfills nothing, and the
log says so. Each poll holds the resource's lease (:mod:`.leasing`); with a
shared store, a resource another worker holds or polled less than an interval
ago is skipped.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, cast

from ..plan.model import Instance, Plan, Resource
from .credentials import Redactor, destinations, secret_values
from .deliver_proc import DeliveryProcess, InProcessDelivery, Totals
from .delivery import Deliverer, Destination
from .errors import SetupError
from .http.client import HttpClient
from .http.urls import check_url, redact_url
from .leasing import PollLeases
from .native import native_secrets, native_transport
from .poller import Poller, PollResult
from .records import to_ms
from .store.base import StateStore, Watermark
from .store.open import open_store
from .store.sqlite import lock_state
from .store.uri import is_postgres
from .transports.base import ApiRetry, Transport
from .transports.hub import HubTransport

if TYPE_CHECKING:  # psycopg is imported only when a PostgreSQL state is used
    from .store.postgres import PostgresStore

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_PENDING", "RunOptions", "run"]

log = logging.getLogger("sage200cfg.run")

EXIT_OK = 0  #: everything polled and delivered
EXIT_FAILED = 1  #: a poll failed, a notification was dead-lettered, or delivery crashed
EXIT_PENDING = 3  #: deliveries remain pending after --drain-timeout


@dataclass(frozen=True)
class RunOptions:
    """Everything ``sage200cfg run`` takes besides the plan."""

    base_url: str
    state: Path | str  #: an SQLite file, or a postgresql:// URI
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
    transport: str = "hub"  #: "hub" (Cloud Elements-style) or "sage200" (native)
    auth_file: Path | None = None  #: sage200: the Sage ID auth file
    token_url: str | None = None  #: sage200: overrides the auth file's token URL
    lease_ttl: float = 60.0  #: seconds before a dead worker's poll leases are taken over


def _init_watermarks(store: StateStore, plan: Plan, since: datetime | None) -> None:
    mark = Watermark(int(time.time() * 1000), "now") if since is None else Watermark(
        to_ms(since), "since")
    new = store.init_watermarks([(i.name, r.name) for i, r in plan.resources()], mark)
    for instance, resource in new:
        if since is None:
            log.info("%s/%s: first run starts now; earlier changes are not backfilled "
                     "(use --since to backfill)", instance, resource)
        else:
            log.info("%s/%s: first run starts at --since %s", instance, resource,
                     since.isoformat())


def run(plan: Plan, options: RunOptions, stop: threading.Event) -> int:
    """Run the plan; returns the exit status. Raises SetupError before anything runs."""
    check_url(options.base_url, "--base-url", options.allow_http)
    if options.ca_bundle is not None and not os.path.isfile(options.ca_bundle):
        raise SetupError(f"--ca-bundle {options.ca_bundle}: no such file")
    dests = destinations(plan, os.environ, options.allow_http)
    state = os.fspath(options.state)
    # SQLite: one runtime per file. PostgreSQL: any number of workers.
    lock = None if is_postgres(state) else lock_state(Path(state))
    if lock is None:
        # Refuse a database with the wrong schema here, not in the delivery child;
        # the connection is closed again before the fork.
        open_store(state).close()
    try:
        child = None
        if options.delivery_process:
            # Forked before this process opens the database or starts a thread.
            child = DeliveryProcess(state, dests, options.workers, options.api_timeout,
                                    options.ca_bundle, lock, options.lease_ttl)
        try:
            store = open_store(state, lease_ttl=options.lease_ttl)
        except BaseException:
            if child is not None:
                child.finish(None, stop)
            raise
        try:
            return _run(plan, options, stop, store, dests, child)
        finally:
            store.close()
    finally:
        if lock is not None:
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
    login_lost: list[str] = []
    leases = PollLeases(store, options.lease_ttl)
    finished = False
    try:
        transport = _transport(plan, options, client, stop, login_lost, store)
    except BaseException:
        leases.close()
        delivery.finish(None, stop)
        client.close()
        raise
    redact = Redactor(secret_values(plan, os.environ, options.auth_header) + (
        native_secrets(options.auth_file, os.environ)
        if options.auth_file and options.transport == "sage200" else []))
    poller = Poller(store, transport, on_commit=delivery.notify, redact=redact)
    try:
        _init_watermarks(store, plan, options.since)
        log.info("polling %s with %d resources", redact_url(options.base_url),
                 len(plan.resources()))
        if options.once:
            results = leases.poll_all(poller, plan, stop, _report)
            totals = delivery.finish(time.time() + options.drain_timeout, stop)
            finished = True
            # A shared store's other workers may still be adding rows; they deliver
            # those. Ours are done once the drain found nothing left to claim.
            pending = 0 if store.shared and totals.drained else store.pending_count()
            return _once_status(results, totals, pending)
        _forever(plan, poller, leases, stop)
        if login_lost:
            log.error("stopped: %s", login_lost[0])
            return EXIT_FAILED
        return EXIT_OK
    finally:
        leases.close()
        poller.close()
        transport.close()
        if not finished:
            delivery.finish(None, stop)
        client.close()


def _transport(
    plan: Plan, options: RunOptions, client: HttpClient, stop: threading.Event,
    login_lost: list[str], store: StateStore,
) -> Transport:
    if options.transport != "sage200":
        headers = {"Authorization": options.auth_header} if options.auth_header else {}
        return HubTransport(client, options.base_url, headers, options.api_retry)
    if options.auth_file is None:
        raise SetupError("--transport sage200 needs --auth-file")

    def lost(message: str) -> None:  # the refresh token is gone: polling cannot go on
        login_lost.append(message)
        if not options.once:  # --once: its polls fail fast; what was queued still goes out
            stop.set()

    # A shared store keeps the rotating refresh token, so a fleet spends one token chain.
    shared = cast("PostgresStore", store) if store.shared else None
    return native_transport(plan, options.auth_file, options.base_url, options.token_url,
                            client, options.api_retry, lost, os.environ, options.allow_http,
                            shared)


def _once_status(results: list[PollResult], totals: Totals, pending: int) -> int:
    log.info("cycle done: %d events queued, %d quarantined; delivered %d notifications "
             "(%d events), %d dead-lettered, %d pending",
             sum(r.events for r in results), sum(r.quarantined for r in results),
             totals.delivered, totals.events, totals.dead, pending)
    if any(r.error for r in results) or totals.dead or totals.crashed:
        return EXIT_FAILED
    if pending or not totals.drained:
        log.warning("%d notifications still pending; the next run retries them", pending)
        return EXIT_PENDING
    return EXIT_OK


def _poll(poller: Poller, leases: PollLeases, instance: Instance, resource: Resource,
          stop: threading.Event) -> PollResult | None:
    result = leases.poll(poller, instance, resource, stop)  # None: skipped
    if result is not None:
        _report(instance, resource, result)
    return result


def _report(instance: Instance, resource: Resource, result: PollResult) -> None:
    if result.error is None:
        log.info("%s/%s: %d pages, %d requests, %d new events, %d repeats skipped, "
                 "%d quarantined", instance.name, resource.name, result.pages, result.requests,
                 result.events, result.duplicates, result.quarantined)


def _forever(plan: Plan, poller: Poller, leases: PollLeases, stop: threading.Event) -> None:
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
        if _poll(poller, leases, instance, resource, stop) is None:
            due[index] = leases.next_look(instance, resource)
    log.info("stopped on signal; state committed")
