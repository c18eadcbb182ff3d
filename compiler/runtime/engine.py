"""Run a plan: once (for cron and CI) or on each resource's interval.

The engine wires the parts: the store (:func:`~.store.open.open_store`: SQLite
for a file, PostgreSQL for a ``postgresql://`` URI shared by several workers),
:class:`~.poller.Poller` (a transport's pages to outbox), run on a bounded
pool of threads by :class:`~.scheduler.Scheduler` under each resource's poll
lease (:mod:`.leasing`), and :class:`~.delivery.Deliverer`
(outbox to callbacks), which drains while the poller works, from a child
process (:mod:`.deliver_proc`, restarted by :mod:`.supervise`) or from
threads. The state lock is taken first, then the child is forked, then the
database is opened and threads start. Where each poll starts is
:mod:`.marks`' business; ``--metrics-addr`` serves :mod:`.observe`.
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

from ..plan.model import Plan
from .credentials import Redactor, destinations, secret_values
from .deliver_proc import ChildSpec, DeliveryProcess, InProcessDelivery, Totals
from .delivery import Deliverer, Destination
from .errors import SetupError
from .http.client import HttpClient
from .http.urls import check_url, redact_url
from .leasing import PollLeases
from .logs import counted
from .marks import FirstMarks
from .observe.board import Board
from .observe.tally import Tally
from .poller import Poller, PollResult
from .scheduler import Scheduler
from .store.base import StateStore
from .store.open import open_store
from .store.sqlite import lock_state
from .store.uri import is_postgres
from .supervise import Supervisor
from .transports.base import ApiRetry, Transport
from .transports.hub import HubTransport

# Imported where used: psycopg only for a PostgreSQL state, the native transport
# only for --transport sage200, the status server and prometheus_client only with
# --metrics-addr (each start of a fleet worker paid for all of them).
if TYPE_CHECKING:
    from .observe.server import ObserveServer
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
    # Service mode (issue 11): scheduling, windows, observability.
    poll_workers: int = 2  #: polls running at once (each holds up to two pages in memory)
    overlap: float = 120.0  #: seconds each window reaches back before the last poll
    reset_watermarks: bool = False  #: with --since: start every resource there again
    poll_deadline: float = 900.0  #: seconds a poll may take before it is ended
    metrics_addr: str | None = None  #: HOST:PORT for /metrics, /healthz and /
    log_format: str = "text"  #: "text" or "json" (also for a restarted delivery child)
    # Native transport (issue 12).
    transport: str = "hub"  #: "hub" (Cloud Elements-style) or "sage200" (native)
    auth_file: Path | None = None  #: sage200: the Sage ID auth file
    token_url: str | None = None  #: sage200: overrides the auth file's token URL
    # Several workers on one store (issue 13).
    lease_ttl: float = 60.0  #: seconds before a dead worker's poll leases are taken over


def run(plan: Plan, options: RunOptions, stop: threading.Event) -> int:
    """Run the plan; returns the exit status. Raises SetupError before anything runs."""
    check_url(options.base_url, "--base-url", options.allow_http)
    if options.ca_bundle is not None and not os.path.isfile(options.ca_bundle):
        raise SetupError(f"--ca-bundle {options.ca_bundle}: no such file")
    addr = None
    if options.metrics_addr:
        from .observe.server import parse_addr

        addr = parse_addr(options.metrics_addr)
    dests = destinations(plan, os.environ, options.allow_http)
    metrics = Tally()  # counts for this run's summary; exported with --metrics-addr
    if addr is not None:
        from .observe.metrics import Metrics

        metrics = exported = Metrics()
    state = os.fspath(options.state)
    # SQLite: one runtime per file. PostgreSQL: any number of workers.
    lock = None if is_postgres(state) else lock_state(Path(state))
    try:
        # Open and close the store before the fork: a wrong schema is refused
        # here, not in the delivery child, and a new SQLite file gets its schema
        # and WAL mode once (a parent and a child switching at once raced for
        # the lock: "database is locked").
        open_store(state).close()
        child = None
        if options.delivery_process:
            # Forked before this process opens the database or starts a thread.
            spec = ChildSpec(state, dests, options.workers, options.api_timeout,
                             options.ca_bundle, options.log_format, options.lease_ttl)
            child = DeliveryProcess(spec, lock, on_stats=metrics.delivery_stats)
        try:
            store = open_store(state, lease_ttl=options.lease_ttl)
        except BaseException:
            if child is not None:
                child.finish(None, stop)
            raise
        try:
            server = None
            if addr is not None:
                from .observe.server import ObserveServer

                # Its own connection: a scrape never waits for the poller's commits.
                server = ObserveServer(addr, Board(plan), exported,
                                       lambda: open_store(state, lease_ttl=options.lease_ttl))
            return _run(plan, options, stop, store, dests, child, metrics, server)
        finally:
            store.close()
    finally:
        if lock is not None:
            lock.close()


def _run(
    plan: Plan, options: RunOptions, stop: threading.Event, store: StateStore,
    dests: dict[str, Destination], child: DeliveryProcess | None, metrics: Tally,
    server: ObserveServer | None,
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
    secrets = secret_values(plan, os.environ, options.auth_header)
    if options.auth_file and options.transport == "sage200":
        from .native import native_secrets

        secrets += native_secrets(options.auth_file, os.environ)
    redact = Redactor(secrets)
    poller = Poller(store, transport, on_commit=delivery.notify, redact=redact,
                    overlap=options.overlap)
    try:
        marks = FirstMarks(store, plan, options.since, options.reset_watermarks)
        board = server.board if server is not None else Board(plan)
        scheduler = Scheduler(plan, poller, leases, marks, board, metrics, stop,
                              options.poll_workers, options.poll_deadline)
        if server is not None:
            server.delivery = delivery
            server.start()
        log.info("polling %s with %d resources, %d at a time", redact_url(options.base_url),
                 len(plan.resources()), min(options.poll_workers, len(plan.resources())))
        if options.once:
            results = scheduler.once()
            totals = delivery.finish(time.time() + options.drain_timeout, stop)
            if isinstance(delivery, InProcessDelivery):
                metrics.delivery_stats(0, delivery.snapshot())
            finished = True
            # A shared store's other workers may still be adding rows; they deliver
            # those. Ours are done once the drain found nothing left to claim.
            pending = 0 if store.shared and totals.drained else store.pending_count()
            return _once_status(results, totals, pending)
        supervisor = Supervisor(child) if child is not None else None
        code = scheduler.forever(store, delivery, supervisor)
        if login_lost:
            log.error("stopped: %s", login_lost[0])
            return EXIT_FAILED
        return code
    finally:
        if server is not None:
            server.stop()
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
    from .native import native_transport

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
    log.info("cycle done: polled %s, %s queued, %d quarantined; delivered %s (%s), "
             "%d dead-lettered, %d pending", counted(len(results), "resource"),
             counted(sum(r.events for r in results), "event"),
             sum(r.quarantined for r in results), counted(totals.delivered, "notification"),
             counted(totals.events, "event"), totals.dead, pending)
    if any(r.error for r in results) or totals.dead or totals.crashed:
        return EXIT_FAILED
    if pending or not totals.drained:
        log.warning("%d notifications still pending; the next run retries them", pending)
        return EXIT_PENDING
    return EXIT_OK
