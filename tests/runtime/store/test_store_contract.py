"""The StateStore contract, on SQLite and on a real PostgreSQL (tests/conftest.py)."""

from __future__ import annotations

import time

import pytest

from sage200cfg.runtime.errors import LeaseLost
from sage200cfg.runtime.store.base import Outgoing, Page, Quarantined, Watermark


def _note(n: int, events: int = 1) -> Outgoing:
    return Outgoing(f"wh-{n}", b'{"n": %d}' % n, events)


def _page(*keys: str, lease=None, advance: int | None = None, **extra) -> Page:
    seen = [((k, "2026-01-01T00:00:00Z"), 1000 + i) for i, k in enumerate(keys)]

    def build(new):
        return [Outgoing(f"wh-{oid}", f'{{"id": "{oid}"}}'.encode(), 1) for oid, _ in new]

    return Page("inst", "customers", seen=seen, build=build, lease=lease,
                advance_to=Watermark(advance, "poll") if advance else None, **extra)


def test_watermark_is_set_once_then_moved_by_the_last_page(store):
    assert store.watermark("inst", "customers") is None
    store.init_watermark("inst", "customers", Watermark(1000, "now"))
    store.init_watermark("inst", "customers", Watermark(5, "since"))  # no-op: one exists
    assert store.watermark("inst", "customers") == Watermark(1000, "now")
    store.commit_page(_page("a", advance=2000))
    assert store.watermark("inst", "customers") == Watermark(2000, "poll")


def test_a_page_keeps_its_notifications_keys_and_quarantine_together(store):
    store.commit_page(_page("a", "b", quarantined=[Quarantined("x", "no date", "{}")]))
    assert store.already_seen("inst", "customers", [("a", "2026-01-01T00:00:00Z"),
                                                    ("c", "2026-01-01T00:00:00Z")]) == {
        ("a", "2026-01-01T00:00:00Z")}
    rows = store.claim_due(int(time.time() * 1000), 10)
    assert sorted(r.webhook_id for r in rows) == ["wh-a", "wh-b"]
    assert store.quarantined() == [("inst", "customers", "x", "no date")]
    [row] = [r for r in store.status() if r.resource == "customers"]
    assert (row.pending, row.quarantined) == (2, 1)


def test_every_body_of_a_page_comes_back_byte_for_byte(store):
    from sage200cfg.runtime.store.sqlite_schema import ZIP_OVER

    bodies = [b'{"n": 1}', b"x" * (ZIP_OVER + 10), "{\"name\": \"Caf\u00e9\"}".encode(), b""]
    store.commit_page(Page("inst", "customers", notifications=[
        Outgoing(f"wh-{n}", body, n + 1) for n, body in enumerate(bodies)]))
    rows = store.claim_due(int(time.time() * 1000), 10)
    assert [(r.webhook_id, r.body, r.events) for r in rows] == [
        (f"wh-{n}", body, n + 1) for n, body in enumerate(bodies)]


def test_claims_acknowledgements_retries_and_dead_letters(store):
    store.commit_page(Page("inst", "customers", [_note(1, 3), _note(2), _note(3)]))
    now = int(time.time() * 1000)
    first = store.claim_due(now, 2)
    assert [r.webhook_id for r in first] == ["wh-1", "wh-2"]  # oldest first
    assert [r.webhook_id for r in store.claim_due(now, 5)] == ["wh-3"]  # claimed rows skipped
    store.acknowledge(first[:1])
    store.reschedule(first[1], now + 60_000, "HTTP 500")
    assert store.claim_due(now, 5) == []  # wh-2 waits out its backoff, wh-3 is claimed
    assert store.due_now() == 1
    [again] = store.claim_due(now, 5)
    assert (again.webhook_id, again.attempts) == ("wh-2", 1)
    store.reschedule(again, None, "HTTP 410")
    [row] = store.status()
    assert (row.pending, row.dead, row.delivered_notifications, row.delivered_events) == (
        1, 1, 1, 3)
    assert row.extra["last_delivery_error"] == "HTTP 410"
    assert store.requeue_dead() == 1
    assert store.pending_count() == 2


def _two_workers(open_one):
    """Two workers' stores. SQLite's leases live in the one process that holds the
    file lock, so there the second worker is a second lease holder in that store."""
    first = open_one()
    return (first, open_one()) if first.shared else (first, first)


def test_a_poll_lease_excludes_other_holders_until_it_expires(open_one):
    one, two = _two_workers(open_one)
    lease = one.acquire_lease("inst", "customers", "w1", 300)
    assert lease is not None
    assert two.acquire_lease("inst", "customers", "w2", 300) is None
    assert one.renew_lease(lease)
    one.release_lease(lease)
    taken = two.acquire_lease("inst", "customers", "w2", 300)
    assert taken is not None and taken.token > lease.token
    assert not one.renew_lease(lease)  # released, then granted again: the old one is stale
    time.sleep(0.4)
    late = one.acquire_lease("inst", "customers", "w1", 300)  # w2 died: taken over
    assert late is not None and late.token > taken.token


def test_a_stale_lease_moves_neither_watermark_nor_seen_set(open_one):
    stalled, taker = _two_workers(open_one)
    stalled.init_watermark("inst", "customers", Watermark(1000, "now"))
    old = stalled.acquire_lease("inst", "customers", "w1", 200)
    assert old is not None
    time.sleep(0.3)  # w1 stalls past its ttl
    new = taker.acquire_lease("inst", "customers", "w2", 60_000)
    assert new is not None and new.token > old.token
    with pytest.raises(LeaseLost):
        stalled.commit_page(_page("a", lease=old, advance=5000))
    assert taker.watermark("inst", "customers") == Watermark(1000, "now")
    assert taker.already_seen("inst", "customers", [("a", "2026-01-01T00:00:00Z")]) == set()
    assert taker.claim_due(int(time.time() * 1000), 10) == []
    taker.commit_page(_page("a", lease=new, advance=3000))  # the current holder commits
    assert taker.watermark("inst", "customers") == Watermark(3000, "poll")


def test_a_resource_polled_within_its_interval_is_not_due(store):
    store.init_watermark("inst", "customers", Watermark(1000, "now"))
    never_polled = store.acquire_lease("inst", "customers", "w1", 60_000, 60_000)
    assert never_polled is not None
    lease = store.acquire_lease("inst", "customers", "w1", 60_000)
    store.commit_page(_page(lease=lease, advance=int(time.time() * 1000)))
    store.release_lease(lease)
    assert store.acquire_lease("inst", "customers", "w2", 60_000, 60_000) is None
    assert store.acquire_lease("inst", "customers", "w2", 60_000) is not None  # --once ignores it


def test_init_watermarks_marks_only_resources_without_one(store):
    store.init_watermark("inst", "customers", Watermark(1000, "poll"))
    store.acquire_lease("inst", "products", "w1", 1000)  # known, but no watermark yet
    new = store.init_watermarks(
        [("inst", "customers"), ("inst", "products"), ("other", "invoices")],
        Watermark(7, "since"))
    assert new == [("inst", "products"), ("other", "invoices")]
    assert store.watermark("inst", "customers") == Watermark(1000, "poll")
    assert store.watermark("other", "invoices") == Watermark(7, "since")


def test_watermarks_reads_those_of_many_resources_at_once(store):
    store.init_watermark("inst", "customers", Watermark(1000, "poll"))
    store.acquire_lease("inst", "products", "w1", 1000)  # known, but no watermark yet
    assert store.watermarks([("inst", "customers"), ("inst", "products"),
                             ("other", "invoices")]) == {
        ("inst", "customers"): Watermark(1000, "poll")}


def test_the_last_page_of_a_poll_gives_its_lease_up(open_one):
    one, two = _two_workers(open_one)
    one.init_watermark("inst", "customers", Watermark(1000, "now"))
    lease = one.acquire_lease("inst", "customers", "w1", 60_000)
    one.commit_page(_page("a", lease=lease))
    assert two.acquire_lease("inst", "customers", "w2", 60_000) is None  # still polling
    one.commit_page(_page(lease=lease, advance=2000))
    taken = two.acquire_lease("inst", "customers", "w2", 60_000)
    assert taken is not None and taken.token > lease.token


def test_many_leases_at_once_skip_held_and_undue_resources(open_one):
    one, two = _two_workers(open_one)
    names = [("inst", f"r{n}") for n in range(5)]
    one.init_watermarks(names, Watermark(1000, "now"))
    held = one.acquire_lease("inst", "r1", "w1", 60_000)
    polled = one.acquire_lease("inst", "r2", "w1", 60_000)
    one.commit_page(Page("inst", "r2", lease=polled,
                         advance_to=Watermark(int(time.time() * 1000), "poll")))
    one.release_lease(polled)
    granted = two.acquire_leases([(i, r, 60_000) for i, r in names], "w2", 60_000)
    assert sorted(lease.resource for lease in granted) == ["r0", "r3", "r4"]
    assert all(lease.holder == "w2" and lease.token > held.token for lease in granted)
    assert two.acquire_leases([("inst", "r0", 0)], "w3", 60_000) == []  # w2 holds it


def test_the_last_page_stores_only_the_keys_that_can_be_read_again(store):
    # Keys before prune_before_ms are before the next window: stored and pruned
    # in one commit they were writes for nothing. Their events are still sent.
    store.commit_page(_page("a", "b"))  # filter dates 1000 and 1001, kept
    last = Page("inst", "customers", seen=[(("c", "u"), 1500), (("d", "u"), 3000)],
                build=lambda new: [Outgoing(f"wh-{oid}", b"{}", 1) for oid, _ in new],
                advance_to=Watermark(4000, "poll"), prune_before_ms=2000)
    assert store.commit_page(last) == 2
    assert sorted(r.webhook_id for r in store.claim_due(int(time.time() * 1000), 10)) == [
        "wh-a", "wh-b", "wh-c", "wh-d"]
    keys = [("a", "2026-01-01T00:00:00Z"), ("b", "2026-01-01T00:00:00Z"), ("c", "u"), ("d", "u")]
    assert store.already_seen("inst", "customers", keys) == {("d", "u")}
