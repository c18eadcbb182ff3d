"""Issue 11's loss cases, each against a hub that behaves that way, ending with set equality."""

from __future__ import annotations

import re

from rt_helpers import (
    cli_inprocess,
    engine_once,
    make_plan,
    now_ms,
    res,
    run_once,
    since_iso,
    status_json,
    write_plan,
)


def test_a_hub_that_caps_pages_below_page_size_loses_nothing(sim, tmp_path):
    # The hub serves at most 3 records a page while the plan asks for 7: a
    # short page is not the last one; only an empty page or no token is.
    sim.call("/_sim/api/faults", {"page_cap": 3})
    sim.create("customers", 40, now_ms() - 4000, now_ms() - 1000)
    plan = make_plan(sim, [res("customers", page_size=7)])
    assert engine_once(sim, plan, tmp_path / "s.db", since=since_iso(10)) == 0
    assert set(sim.received()) == sim.changes()
    assert len(sim.changes()) == 40
    assert sim.requests() == {"customers": 15}  # 14 pages of <= 3, then the empty one


def _engine(sim, plan, state, *, base_url=None, since=None, reset=False, overlap=120.0,
            drain=10.0):
    """One --once cycle in this process with fast API retries."""
    import os
    import threading
    from datetime import datetime

    from rt_helpers import KEY, KEY_ENV, PASSWORD, PW_ENV

    from sage200cfg.runtime.engine import RunOptions, run
    from sage200cfg.runtime.transports.base import ApiRetry

    os.environ.setdefault(KEY_ENV, KEY)
    os.environ.setdefault(PW_ENV, PASSWORD)
    options = RunOptions(
        base_url=base_url or sim.sim.api_base, state=state, once=True, drain_timeout=drain,
        since=datetime.fromisoformat(since) if since else None, reset_watermarks=reset,
        api_retry=ApiRetry(base=0.01), overlap=overlap,
    )
    return run(plan, options, threading.Event())


def _closed_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_failed_first_run_sets_no_watermark_and_since_still_applies(sim, tmp_path):
    import pytest

    from sage200cfg.runtime.errors import SetupError

    sim.create("customers", 20, now_ms() - 60_000, now_ms() - 30_000)
    sim.create("products", 15, now_ms() - 60_000, now_ms() - 30_000)
    plan = make_plan(sim, [res("customers"), res("products")])
    state = tmp_path / "s.db"
    unreachable = f"http://127.0.0.1:{_closed_port()}/elements/api-v2"
    assert _engine(sim, plan, state, base_url=unreachable) == 1
    rows = status_json(state)["resources"]
    assert [r["watermark"] for r in rows] == [None, None]  # not "from now"
    assert all("ConnectionRefusedError" in r["lastError"] for r in rows)
    since = since_iso(120)
    assert _engine(sim, plan, state, since=since) == 0
    assert set(sim.received()) == sim.changes() and len(sim.changes()) == 35
    # Now --since would be ignored: refused, unless asked to reset.
    with pytest.raises(SetupError, match="--reset-watermarks"):
        _engine(sim, plan, state, since=since)
    assert _engine(sim, plan, state, since=since, reset=True) == 0
    assert set(sim.received()) == sim.changes()


def test_the_cli_refuses_since_on_watermarks_with_exit_2(sim, tmp_path):
    plan = write_plan(tmp_path, make_plan(sim, [res("customers")]))
    state = tmp_path / "s.db"
    assert run_once(sim, plan, state, "--since", since_iso(5)).returncode == 0
    again = run_once(sim, plan, state, "--since", since_iso(5))
    assert again.returncode == 2
    assert "error: --since is ignored by resources that already have a watermark " \
        "(testInstance/customers); add --reset-watermarks" in again.stderr
    assert "Traceback" not in again.stderr


def test_late_commits_inside_the_overlap_are_not_lost(sim, tmp_path):
    plan = make_plan(sim, [res("customers")])
    state, unsafe = tmp_path / "s.db", tmp_path / "no-overlap.db"
    assert _engine(sim, plan, state, since=since_iso(5)) == 0
    assert _engine(sim, plan, unsafe, since=since_iso(5), overlap=0) == 0
    # Committed now, stamped 30 s ago (a long transaction, a server clock behind
    # ours): it falls before the watermark the last poll set.
    sim.create("customers", 4, now_ms() - 30_000)
    assert _engine(sim, plan, unsafe, overlap=0) == 0
    assert sim.call("/_sim/sink")["events"] == 0  # without an overlap: lost
    assert _engine(sim, plan, state) == 0
    assert set(sim.received()) == sim.changes()
    assert _engine(sim, plan, state) == 0  # the overlap re-reads them: no duplicates
    assert sim.call("/_sim/sink")["duplicate_events"] == 0


def test_a_skewed_api_clock_is_reported_once(sim, tmp_path, caplog):
    import logging

    sim.call("/_sim/api/faults", {"clock_skew_s": -300})
    sim.create("customers", 12, now_ms() - 1000)
    plan = make_plan(sim, [res("customers", page_size=5)])
    logging.getLogger("sage200cfg").propagate = True
    with caplog.at_level(logging.WARNING, logger="sage200cfg"):
        assert _engine(sim, plan, tmp_path / "s.db", since=since_iso(5)) == 0
    lines = [r.getMessage() for r in caplog.records if "Date header" in r.getMessage()]
    assert len(lines) == 1, lines
    assert re.match(r"the API's clock is 30[01] s behind ours \(its Date header\), "
                    r"more than --overlap 120 s", lines[0]), lines[0]
    assert set(sim.received()) == sim.changes()


def test_offset_paging_skips_a_record_that_moves_and_the_overlap_recovers_it(sim, tmp_path):
    # A hub whose page tokens are offsets over records ordered by update time:
    # updating a record of page 1 before page 2 is read moves it to the end,
    # so page 2 starts one record too far and one record is skipped.
    sim.call("/_sim/api/faults", {"offset_paging": True})
    base = now_ms() - 5000
    sim.create("customers", 12, base, base + 1100)
    first = min(int(i) for _, i, _ in sim.changes())
    served = []
    original = sim.sim.handle

    async def moving(request):
        response = await original(request)
        if "/hubs/" in request.path:
            served.append(request.target)
            if len(served) == 1:
                sim.sim.hub.update("customers", [first], 1, now_ms())
        return response

    sim.sim.server._handler = moving
    plan = make_plan(sim, [res("customers", page_size=5)])
    state = tmp_path / "s.db"
    assert _engine(sim, plan, state, since=since_iso(10)) == 0
    missed = sim.changes() - set(sim.received())
    assert len(missed) == 1  # the record shifted from page 2 onto page 1's end
    # The next poll's window reaches back --overlap seconds: it is read then.
    assert _engine(sim, plan, state) == 0
    assert set(sim.received()) == sim.changes()
    # With keyset tokens (the default) nothing is skipped in the first place.


def test_rows_of_a_removed_instance_are_dead_lettered_with_a_reason(sim, tmp_path):
    from rt_helpers import KEY_ENV, PW_ENV, USER

    from sage200cfg.runtime.simulator.plans import instance_json, plan_from_instances

    auth = {"username": USER, "password_env": PW_ENV, "signature_env": KEY_ENV}
    gone_url = f"http://127.0.0.1:{_closed_port()}/callback"
    both = plan_from_instances([
        instance_json("gone", gone_url, [res("customers")], max_retries=100, backoff=1),
        instance_json("kept", sim.sim.sink_url, [res("products")], **auth),
    ])
    sim.create("customers", 3, now_ms() - 1000)
    state = tmp_path / "s.db"
    assert _engine(sim, both, state, since=since_iso(5), drain=1) == 3  # "gone" cannot deliver
    kept = plan_from_instances([
        instance_json("kept", sim.sim.sink_url, [res("products")], max_retries=2, backoff=0.05,
                      **auth),
    ])
    assert _engine(sim, kept, state, drain=5) == 1  # dead letters make the run fail
    row = next(r for r in status_json(state)["resources"] if r["instance"] == "gone")
    assert (row["pending"], row["dead"]) == (0, 1)
    assert row["lastDeliveryError"] == "its instance is no longer in the plan"
    # Back in the plan, a replay delivers them: nothing was lost.
    back = plan_from_instances([
        instance_json("gone", sim.sim.sink_url, [res("customers")], **auth),
        instance_json("kept", sim.sim.sink_url, [res("products")], **auth),
    ])
    code, out, _ = cli_inprocess("events", "replay", "--state", str(state), "--dead")
    assert code == 0, out
    assert _engine(sim, back, state) == 0
    assert set(sim.received()) == sim.changes()


def test_a_poll_past_its_deadline_keeps_its_start_and_the_next_one_finishes(sim, tmp_path):
    import os
    import threading
    from datetime import datetime

    from rt_helpers import KEY, KEY_ENV, PASSWORD, PW_ENV

    from sage200cfg.runtime.engine import RunOptions, run
    from sage200cfg.runtime.transports.base import ApiRetry

    os.environ.setdefault(KEY_ENV, KEY)
    os.environ.setdefault(PW_ENV, PASSWORD)
    sim.create("customers", 30, now_ms() - 2000, now_ms() - 1000)
    sim.call("/_sim/api/faults", {"delay_ms": 400})  # 7 pages of 5: about 3 s in all
    plan = make_plan(sim, [res("customers", page_size=5)])
    state, since = tmp_path / "s.db", since_iso(10)

    def once(deadline):
        return run(plan, RunOptions(
            base_url=sim.sim.api_base, state=state, once=True, drain_timeout=10,
            since=datetime.fromisoformat(since), api_retry=ApiRetry(base=0.01),
            poll_deadline=deadline), threading.Event())

    assert once(1.0) == 1
    row = status_json(state)["resources"][0]
    assert row["watermark"] is None and row["lastError"] == "the poll ran past its deadline"
    assert 0 < sim.call("/_sim/sink")["events"] < 30  # its committed pages were delivered
    sim.call("/_sim/api/faults", {})
    assert once(60) == 0  # from the same start; the seen-set drops what was sent
    assert set(sim.received()) == sim.changes()
    assert sim.call("/_sim/sink")["duplicate_events"] == 0
