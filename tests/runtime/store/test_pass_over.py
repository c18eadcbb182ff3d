"""Workers of one fleet running different plans: a notification of an instance that a
worker's plan lacks is handed back to the workers whose plans have it, for a while."""

from __future__ import annotations

import time

import psycopg

from sage200cfg.runtime.store.base import Outgoing, Page
from sage200cfg.runtime.store.open import open_store
from sage200cfg.runtime.store.pg_outbox import FOREIGN_GRACE_S
from sage200cfg.runtime.store.postgres import PostgresStore


def _now() -> int:
    return int(time.time() * 1000)


def _queue(store, instance: str, webhook: str) -> None:
    store.commit_page(Page(instance, "customers", [Outgoing(webhook, b"{}", 1)]))


def test_a_row_handed_back_costs_no_attempt_and_is_not_claimed_again(pg_state):
    old, new = PostgresStore(pg_state), PostgresStore(pg_state)
    _queue(new, "added", "wh-added")
    _queue(new, "kept", "wh-kept")
    first = old.claim_due(_now(), 5)
    assert [r.webhook_id for r in first] == ["wh-added", "wh-kept"]
    assert old.pass_over(first[0])
    old.reschedule(first[1], _now(), "a failed POST")  # its own row, due again at once
    [again] = old.claim_due(_now(), 5)  # the other plan's resource is skipped now
    assert again.webhook_id == "wh-kept"
    assert old.pending_count() == 1  # what it holds; the handed-back row is not its own
    [taken] = new.claim_due(_now(), 5)
    assert (taken.webhook_id, taken.attempts) == ("wh-added", 0)
    old.close()
    new.close()


def test_a_row_queued_longer_ago_than_the_grace_fails_as_before(pg_state):
    old, new = PostgresStore(pg_state), PostgresStore(pg_state)
    _queue(new, "gone", "wh-young")
    assert old.pass_over(old.claim_due(_now(), 5)[0])
    _queue(new, "gone", "wh-old")
    with psycopg.connect(pg_state, autocommit=True) as conn:
        conn.execute("UPDATE outbox SET queued_ms = queued_ms - %s WHERE webhook_id = %s",
                     ((FOREIGN_GRACE_S + 1) * 1000, "wh-old"))
    # Its instance is in no worker's plan: an old row is claimed even from a
    # resource passed over, and is failed (and in time dead-lettered) as before.
    [stale] = old.claim_due(_now(), 5)
    assert stale.webhook_id == "wh-old"
    assert not old.pass_over(stale)
    old.close()
    new.close()


def test_a_store_of_its_own_hands_nothing_back(tmp_path):
    store = open_store(str(tmp_path / "state.db"))
    _queue(store, "gone", "wh-1")
    [row] = store.claim_due(_now(), 5)
    assert not store.pass_over(row)
    store.close()
