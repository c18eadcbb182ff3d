"""Pages are fetched on reused daemon threads: one kept-alive API connection, no leak, no stall."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
from rt_helpers import make_plan, now_ms, res

from sage200cfg.runtime import deadline
from sage200cfg.runtime.deadline import DaemonPool, PollScope, scoped
from sage200cfg.runtime.http.client import HttpClient
from sage200cfg.runtime.poller import Poller
from sage200cfg.runtime.store.base import Watermark
from sage200cfg.runtime.store.sqlite import SqliteStore
from sage200cfg.runtime.transports.hub import HubTransport


def _wait_for(check, seconds: float = 5.0) -> bool:
    end = time.monotonic() + seconds
    while not check() and time.monotonic() < end:
        time.sleep(0.02)
    return bool(check())


def test_jobs_one_after_another_run_on_one_daemon_thread_with_the_callers_scope():
    pool = DaemonPool()
    scope = PollScope(threading.Event(), time.monotonic() + 60)
    with scoped(scope):
        seen = [pool.submit(lambda: (threading.current_thread(), deadline.current()), "f")
                .result(5) for _ in range(5)]
    assert len({thread for thread, _ in seen}) == 1 and seen[0][0].daemon
    assert all(got is scope for _, got in seen)
    assert pool.threads() == (1, 1)
    pool.close()
    assert _wait_for(lambda: pool.threads() == (0, 0))


def test_a_busy_thread_gets_no_work_and_idle_threads_end_after_the_linger():
    pool = DaemonPool(linger=0.3)
    hung = threading.Event()
    stuck = pool.submit(hung.wait, "hung")
    assert pool.submit(lambda: "done", "next").result(5) == "done"  # a second thread
    assert pool.threads() == (2, 1)
    with pytest.raises(ZeroDivisionError):
        pool.submit(lambda: 1 / 0, "fails").result(5)
    assert _wait_for(lambda: pool.threads() == (1, 0))  # the idle one lingered, then ended
    hung.set()
    assert stuck.result(5) is True
    assert _wait_for(lambda: pool.threads() == (0, 0))


def _poller(sim, tmp_path, names, page_size=5):
    plan = make_plan(sim, [res(name, page_size=page_size) for name in names])
    store = SqliteStore(tmp_path / "s.db")
    for instance, resource in plan.resources():
        store.init_watermark(instance.name, resource.name, Watermark(now_ms() - 60_000, "since"))
    client = HttpClient(timeout=30)
    return plan.resources(), store, client, Poller(store, HubTransport(client, sim.sim.api_base,
                                                                       {}))


def test_polls_of_many_pages_reuse_one_connection_and_hold_no_more(sim, tmp_path):
    sim.create("customers", 40, now_ms() - 2000)
    [(instance, resource)], store, client, poller = _poller(sim, tmp_path, ["customers"])
    opened = 0
    for _ in range(6):  # 9 pages the first time, then 3 each
        before = sim.sim.server.accepted
        result = poller.poll(instance, resource, threading.Event())
        assert result.completed and result.error is None and result.pages >= 3
        opened += sim.sim.server.accepted - before
        sim.create("customers", 10, now_ms())
    # One for the poll's own thread (it fetches each first page), one for its fetch thread.
    assert opened == 2
    assert client.connections == 2
    poller.close()  # the idle fetch thread ends and its connection is closed with it
    assert _wait_for(lambda: client.connections == 1)
    store.close()
    client.close()


def test_a_fetch_hung_behind_a_stopped_poll_does_not_hold_the_next_poll(sim, tmp_path):
    sim.create("customers", 3, now_ms() - 2000)
    sim.create("products", 3, now_ms() - 2000)
    release, hanging = threading.Event(), threading.Event()
    original = sim.sim.handle

    async def hang_customers(request):
        if "/customers" in request.path and not release.is_set():
            hanging.set()
            while not release.is_set():
                await asyncio.sleep(0.02)
        return await original(request)

    sim.sim.server._handler = hang_customers
    pairs, store, client, poller = _poller(sim, tmp_path, ["customers", "products"])
    stop = threading.Event()
    stuck = threading.Thread(target=poller.poll, args=(*pairs[0], stop), daemon=True)
    stuck.start()
    assert hanging.wait(5)
    stop.set()  # the engine gives up on that poll; its fetch stays on the wire
    started = time.monotonic()
    result = poller.poll(*pairs[1], threading.Event())
    assert result.completed and result.events == 3 and time.monotonic() - started < 5
    release.set()
    stuck.join(10)
    assert not stuck.is_alive()
    poller.close()
    store.close()
    client.close()
