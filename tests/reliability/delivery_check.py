"""The assertion every fault test ends with (issue 7), against a running simulator.

- every change the hub made was delivered at least once: set equality on
  (objectType, objectId, updated ms);
- each event's CREATED/UPDATED is right for the plan (tolerance 0, dates read
  to the second, so "created" means created and updated in the same second);
- a change never travels in two different notifications, so every duplicate
  the receiver saw is a whole notification sent again (one in flight at a
  crash, or one whose answer was lost to a timeout);
- nothing is pending after recovery, and dead letters number ``dead``.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rt_helpers import KEY, KEY_ENV, PASSWORD, PW_ENV, Sim, has_watermarks, now_ms, status_json

from sage200cfg.plan.model import Plan
from sage200cfg.runtime.simulator.sink import _updated_ms

Key = tuple[str, str, int]


@dataclass
class Ledger:
    """Webhook id -> the change keys of that notification, for accepted POSTs."""

    by_webhook: dict[str, frozenset[Key]] = field(default_factory=dict)
    posts: Counter[str] = field(default_factory=Counter)

    @classmethod
    def attach(cls, sim: Sim) -> Ledger:
        ledger = cls()
        sink = sim.sim.sink
        original, fields = sink.handle, sink.updated_fields

        async def recording(request: Any) -> Any:
            response = await original(request)
            if response.status == 200:
                message = json.loads(request.body)["message"]
                kind = message["raw"]["objectType"]
                keys = frozenset(
                    (e["objectType"], str(e["objectId"]), _updated_ms(r, fields))
                    for e, r in zip(message["events"], message["raw"][kind], strict=True)
                )
                webhook = request.headers["elements-webhook-id"]
                ledger.by_webhook[webhook] = keys
                ledger.posts[webhook] += 1
            return response

        sink.handle = recording  # type: ignore[method-assign]
        return ledger

    @property
    def resent(self) -> int:
        """Notifications the receiver accepted more than once (extra copies)."""
        return sum(n - 1 for n in self.posts.values())


def change_after_page(sim: Sim, body: bytes, touched: set[int]) -> None:
    """After a page is served: update three of its records not touched yet and create
    two (up to 60 touched records), so the next page sees a changed collection.

    Each record changes at most once per poll: a change overwritten before any
    poll could read it is not visible to any poller. A created record is marked
    touched too, so its creation stays visible.
    """
    ids = [r["id"] for r in json.loads(body) if r["id"] not in touched][:3]
    if ids and len(touched) < 60:
        hub = sim.sim.hub
        touched.update(ids)
        hub.update("customers", ids, 0, now_ms())
        first = hub.resources["customers"].next_id
        hub.create("customers", 2, now_ms())
        touched.update((first, first + 1))


def run_engine(sim: Sim, plan: Plan, state: Path, *, since: str | None = None,
               api_timeout: float = 30.0, drain_timeout: float = 10.0, workers: int = 4,
               base_url: str | None = None, overlap: float = 120.0) -> int:
    """One ``--once`` cycle in this process, with the knobs the fault tests turn."""
    import os
    import threading
    from datetime import datetime

    from sage200cfg.runtime.engine import RunOptions, run
    from sage200cfg.runtime.transports.base import ApiRetry

    os.environ.setdefault(KEY_ENV, KEY)
    os.environ.setdefault(PW_ENV, PASSWORD)
    if since is not None and has_watermarks(state):
        since = None  # as an operator would: --since only until the first poll completed
    options = RunOptions(
        base_url=base_url or sim.sim.api_base, state=state, once=True,
        drain_timeout=drain_timeout, since=datetime.fromisoformat(since) if since else None,
        api_retry=ApiRetry(base=0.01), api_timeout=api_timeout, workers=workers,
        overlap=overlap,
    )
    return run(plan, options, threading.Event())



def expected_kinds(sim: Sim) -> dict[Key, str]:
    out = {}
    for resource, object_id, created, updated in sim.call("/_sim/changes")["changes"]:
        same_second = created // 1000 == updated // 1000
        out[(resource, object_id, updated)] = "CREATED" if same_second else "UPDATED"
    return out


def assert_all_delivered(sim: Sim, state: Path, ledger: Ledger | None = None, *,
                         max_resent: int = 0, dead: int = 0) -> dict[str, Any]:
    """The issue 7 assertion; returns the sink's stats for further checks."""
    received = sim.received()
    expected = expected_kinds(sim)
    assert set(received) == set(expected), (
        f"lost {sorted(set(expected) - set(received))[:8]}, "
        f"unexpected {len(set(received) - set(expected))}"
    )
    wrong = {k: (kind, expected[k]) for k, (_, kind) in received.items() if kind != expected[k]}
    assert not wrong, f"wrong event types (got, want): {list(wrong.items())[:5]}"
    stats: dict[str, Any] = sim.call("/_sim/sink")
    if ledger is not None:
        owners: Counter[Key] = Counter()
        for keys in ledger.by_webhook.values():
            owners.update(keys)
        assert max(owners.values(), default=1) == 1, "a change was put in two notifications"
        # Every extra copy of an event is an extra copy of its whole notification.
        copies = sum((n - 1) * len(ledger.by_webhook[w]) for w, n in ledger.posts.items())
        assert stats["duplicate_events"] == copies
        assert ledger.resent <= max_resent
    else:
        assert stats["duplicate_events"] == 0 or max_resent
    totals = status_json(state)["totals"]
    assert totals["pending"] == 0 and totals["dead"] == dead, totals
    return stats
