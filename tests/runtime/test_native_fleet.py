"""The native transport on a shared PostgreSQL state: one rotating refresh token, many workers."""

from __future__ import annotations

import threading

from native_helpers import auth_file, run_native
from rt_helpers import make_plan, now_ms, res, since_iso

from sage200cfg.runtime.auth.dbstore import DbTokenStore, token_key
from sage200cfg.runtime.auth.filestore import FileTokenStore
from sage200cfg.runtime.auth.oauth import SageIdClient
from sage200cfg.runtime.auth.session import AccessTokens
from sage200cfg.runtime.http.client import HttpClient
from sage200cfg.runtime.simulator.sageid import CLIENT_ID, CLIENT_SECRET
from sage200cfg.runtime.store.postgres import PostgresStore


def test_workers_never_spend_the_same_refresh_token(sim, tmp_path, pg_state):
    """Eight workers (each its own connection) refresh at once, then all get a 401."""
    seed = FileTokenStore(auth_file(sim, tmp_path)).load()
    key = token_key(sim.sim.token_url, CLIENT_ID)
    http = HttpClient(timeout=10)
    stores = [PostgresStore(pg_state) for _ in range(8)]
    sessions = [AccessTokens(DbTokenStore(store, key, seed),
                             SageIdClient(http, sim.sim.token_url, CLIENT_ID, CLIENT_SECRET))
                for store in stores]
    try:
        first = _all_at_once([s.token for s in sessions])
        pairs = zip(sessions, first, strict=True)
        second = _all_at_once([lambda s=s, t=t: s.rejected(t) for s, t in pairs])
    finally:
        for store in stores:
            store.close()
        http.close()
    oauth = sim.call("/_sim/oauth")
    assert oauth["spentReuses"] == 0  # the row lock let no two workers spend one token
    assert oauth["refreshes"] == 16  # each worker refreshed twice, one after another
    assert len(set(first)) == 8 and len(set(second)) == 8 and not set(first) & set(second)
    check = PostgresStore(pg_state)
    try:  # the database holds the last rotated token, never the file's spent seed
        assert seed is not None and check.load_refresh_token(key) != seed.refresh_token
    finally:
        check.close()


def test_a_native_run_on_postgres_delivers_every_change(sim, tmp_path, pg_state):
    auth = auth_file(sim, tmp_path)
    plan = make_plan(sim, [res("customers")])
    sim.create("customers", 40, now_ms() - 2000, now_ms() - 500)
    assert run_native(sim, plan, pg_state, auth, since=since_iso(10)) == 0
    assert set(sim.received()) == sim.changes()
    oauth = sim.call("/_sim/oauth")
    assert oauth["spentReuses"] == 0 and oauth["refreshes"] >= 1
    check = PostgresStore(pg_state)
    try:  # the run rotated the token in the database, not in the auth file
        stored = check.load_refresh_token(token_key(sim.sim.token_url, CLIENT_ID))
    finally:
        check.close()
    assert stored is not None and stored != FileTokenStore(auth).load().refresh_token


def _all_at_once(calls: list) -> list[str]:
    got: list[str | None] = [None] * len(calls)
    start = threading.Barrier(len(calls))

    def call(index: int) -> None:
        start.wait()
        got[index] = calls[index]()

    threads = [threading.Thread(target=call, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert all(token is not None for token in got)
    return [str(token) for token in got]
