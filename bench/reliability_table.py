"""The README's reliability table: a bounded fault and crash campaign, plus the fuzz campaign.

``python bench/reliability_table.py [--rounds 10] [--changes 1500] [--kills 30]
[--inputs 2000]`` runs, against the simulator on 127.0.0.1:

1. ``--rounds`` fault rounds: each makes ``--changes`` changes across the seven
   sample resources (creates, and updates of delivered records), injects hub API
   faults at 20 % (429 with Retry-After, 500, 503, a reset mid-body, a truncated
   JSON page, one kind per round) and callback faults at 20 % (500, 503 with
   Retry-After, 502), and runs ``--once`` cycles in process until one exits 0;
2. ``--kills`` crash rounds: each makes ``--changes`` / 3 changes, starts
   ``sage200cfg run`` as a subprocess and SIGKILLs it at a random point;
3. a final ``run --once`` on the same state file, then the issue 7 assertion:
   every change delivered (set equality on objectType, objectId, updated), no
   change in two notifications, nothing pending or dead-lettered;
4. ``bench/reliability_inputs.py --inputs N`` for the fuzz count.

``--api sage200`` runs the same campaign through ``run --transport sage200``
against the simulator's native API: the five natively pollable resources, 504
among the API faults, and Sage ID access tokens that live 2 s, so they expire
mid-poll and are refreshed (one rotating refresh token, shared by every
process through the auth file) across the fault cycles and the kills. A kill
that lands between Sage ID rotating the refresh token and the auth file being
replaced (the only window no client can close) leaves a spent token: the next
run says "log in again" and exits 2; the campaign then signs in again (counted
in the table) and carries on, and the assertion checks that nothing was lost.

It prints a Markdown table (and ``--json`` a JSON summary) and exits 1 if any
event was lost, or anything stayed pending, or a fuzz input raised.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests" / "runtime"), str(ROOT / "tests" / "reliability")]

from delivery_check import Ledger, expected_kinds, run_engine  # noqa: E402
from native_helpers import NATIVE_ENV, auth_file, run_native  # noqa: E402
from rt_helpers import (  # noqa: E402
    KEY,
    KEY_ENV,
    PASSWORD,
    PW_ENV,
    Sim,
    make_plan,
    now_ms,
    res,
    since_iso,
    start_sim,
    status_json,
    write_plan,
)

from sage200cfg.runtime.simulator.native_demo import native_sample_resources  # noqa: E402
from sage200cfg.runtime.simulator.plans import SAMPLE_RESOURCES  # noqa: E402

API_FAULTS = [(429, 0.05), (500, None), (503, None), (0, None), (-1, None)]
NATIVE_API_FAULTS = [(429, 0.05), (503, 0.05), (504, None), (0, None), (-1, None)]
API_NAMES = {429: "429", 500: "500", 503: "503", 504: "504", 0: "reset mid-body",
             -1: "truncated JSON"}
#: The transport under test: "hub", or "sage200" with its auth file (set in main).
MODE: dict[str, Any] = {"api": "hub", "auth": None, "resources": SAMPLE_RESOURCES}
SINK_FAULTS = [(500, None), (503, 0.05), (502, None)]
WORKERS, BATCH, UNACKED = 2, 8, 32


def _change(sim: Sim, count: int, rng: random.Random) -> int:
    """``count`` changes: 80 % creates, 20 % updates of records already delivered."""
    at = now_ms()
    creates = count * 4 // 5
    names = MODE["resources"]
    for n, name in enumerate(names):
        share = creates // len(names) + (n < creates % len(names))
        if share:
            sim.create(name, share, at)
    received = sim.received()
    latest = {(r, i): u for r, i, _c, u in sim.call("/_sim/changes")["changes"]}
    done = sorted(k for k, u in latest.items() if (*k, u) in received)
    picked = rng.sample(done, min(count - creates, len(done)))
    by_resource: dict[str, list[int]] = {}
    for resource, object_id in picked:
        by_resource.setdefault(resource, []).append(int(object_id))
    for resource, ids in by_resource.items():
        sim.call("/_sim/update", {"resource": resource, "ids": ids, "at": at})
    return creates + len(picked)


def _count_api_faults(sim: Sim) -> Counter[str]:
    injected: Counter[str] = Counter()
    original = sim.sim._api_fault

    def counting() -> Any:
        response = original()
        if response is not None:
            status = 0 if response.reset else (-1 if response.status == 200 else response.status)
            injected[API_NAMES[status]] += 1
        return response

    sim.sim._api_fault = counting  # type: ignore[method-assign]
    return injected


def fault_rounds(sim: Sim, plan: Any, state: Path, rounds: int, changes: int,
                 rng: random.Random) -> dict[str, Any]:
    api = _count_api_faults(sim)
    made, cycles, started = 0, 0, time.perf_counter()
    since = since_iso(5)
    for n in range(rounds):
        made += _change(sim, changes, rng)
        kinds = NATIVE_API_FAULTS if MODE["api"] == "sage200" else API_FAULTS
        status, retry_after = kinds[n % len(kinds)]
        sim.call("/_sim/api/faults", {"fail_rate": 0.2, "fail_status": status,
                                      "retry_after": retry_after})
        status, retry_after = SINK_FAULTS[n % len(SINK_FAULTS)]
        sim.call("/_sim/sink/faults", {"fail_rate": 0.2, "fail_status": status,
                                       "retry_after": retry_after})
        for _ in range(6):
            cycles += 1
            if _cycle(sim, plan, state, since) == 0:
                break
        else:
            raise SystemExit(f"round {n}: six cycles did not deliver everything")
    seconds = time.perf_counter() - started
    sim.call("/_sim/api/faults", {})
    sim.call("/_sim/sink/faults", {})
    sink = {k.removeprefix("injected "): v for k, v in sim.call("/_sim/sink")["rejected"].items()}
    return {"changes": made, "cycles": cycles, "seconds": round(seconds, 1),
            "api_faults": dict(api), "callback_faults": sink}


def _cycle(sim: Sim, plan: Any, state: Path, since: str) -> int:
    if MODE["api"] == "sage200":
        return run_native(sim, plan, state, MODE["auth"], since=since, drain_timeout=60)
    return run_engine(sim, plan, state, since=since, drain_timeout=60)


def _relogin(sim: Sim) -> None:
    """What a user does after "log in again": a fresh refresh token in the same auth file."""
    auth: Path = MODE["auth"]
    auth.unlink()
    auth_file(sim, auth.parent)
    MODE["relogins"] = MODE.get("relogins", 0) + 1


def _login_lost(returncode: int | None, err: str) -> bool:
    return MODE["api"] == "sage200" and returncode == 2 and "log in again" in err


def _alive_using(path: Path) -> bool:
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if str(path).encode() in (proc / "cmdline").read_bytes():
                return True
        except OSError:
            pass
    return False


def _runtime(sim: Sim, plan: Path, state: Path, *args: str) -> subprocess.Popen[str]:
    api = ["--base-url", sim.sim.api_base]
    if MODE["api"] == "sage200":
        api = ["--transport", "sage200", "--auth-file", str(MODE["auth"]), "--api-url",
               sim.sim.native_base]
    return subprocess.Popen(
        [sys.executable, "-m", "sage200cfg", "run", str(plan), *api,
         "--state", str(state), "--workers", str(WORKERS), *args],
        env={**os.environ, KEY_ENV: KEY, PW_ENV: PASSWORD, **NATIVE_ENV},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )


def crash_rounds(sim: Sim, plan: Path, state: Path, kills: int, changes: int,
                 rng: random.Random) -> dict[str, Any]:
    sim.call("/_sim/sink/faults", {"delay_ms": 10})  # POSTs in flight at each kill
    made = interrupted = 0
    for _ in range(kills):
        made += _change(sim, changes, rng)
        proc = _runtime(sim, plan, state)
        if rng.random() < 0.5:
            time.sleep(rng.uniform(0.3, 1.5))
        else:
            target, deadline = sim.sim.sink.notifications + rng.randint(1, 30), time.time() + 3
            while sim.sim.sink.notifications < target and time.time() < deadline:
                time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)
        _, err = proc.communicate(timeout=10)
        if _login_lost(proc.returncode, err):
            _relogin(sim)
        while _alive_using(plan):
            time.sleep(0.01)
        interrupted += sim.call("/_sim/sink")["unique_events"] < len(sim.changes())
    sim.call("/_sim/sink/faults", {})
    return {"changes": made, "kills": kills, "interrupted": interrupted}


def verify(sim: Sim, state: Path, ledger: Ledger) -> dict[str, Any]:
    received, expected = sim.received(), expected_kinds(sim)
    owners: Counter[Any] = Counter()
    for keys in ledger.by_webhook.values():
        owners.update(keys)
    stats = sim.call("/_sim/sink")
    totals = status_json(state)["totals"]
    return {
        "changes": len(expected),
        "lost": len(set(expected) - set(received)),
        "wrong_type": sum(1 for k, (_, kind) in received.items() if expected.get(k) != kind),
        "in_two_notifications": sum(1 for n in owners.values() if n > 1),
        "events": stats["events"],
        "duplicate_events": stats["duplicate_events"],
        "resent_notifications": ledger.resent,
        "pending": totals["pending"],
        "dead": totals["dead"],
    }


def fuzz(inputs: int) -> dict[str, Any]:
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "reliability_inputs.py"),
                          "--inputs", str(inputs)], capture_output=True, text=True, check=False)
    summary: dict[str, Any] = json.loads(out.stdout)
    return summary


def table(faults: dict[str, Any], crashes: dict[str, Any], result: dict[str, Any],
          fuzzed: dict[str, Any]) -> str:
    def kinds(counts: dict[str, int]) -> str:
        return ", ".join(f"{k} ×{v:,}" for k, v in sorted(counts.items()))

    api, sink = faults["api_faults"], faults["callback_faults"]
    rate = result["duplicate_events"] / max(result["events"], 1)
    rows = [
        ("load held", f"{result['changes']:,} changes on {len(MODE['resources'])} resources; "
                      f"{faults['changes']:,} of them in {faults['cycles']} cycles under "
                      f"faults ({faults['seconds']} s)"),
        ("API faults injected and survived", f"{sum(api.values()):,} ({kinds(api)})"),
        ("callback faults injected and survived", f"{sum(sink.values()):,} ({kinds(sink)})"),
        ("crashes survived (SIGKILL of `run`)",
         f"{crashes['kills']} ({crashes['interrupted']} with changes undelivered), "
         f"{crashes['changes']:,} changes"),
        ("fuzz inputs tried (loader and every lint rule)",
         f"{fuzzed['inputs']:,} ({fuzzed['tracebacks']} tracebacks)"),
        ("events lost", f"**{result['lost']}**"),
        ("duplicate rate", f"{rate:.2%} ({result['duplicate_events']:,} of "
                           f"{result['events']:,} events; {result['resent_notifications']} "
                           f"notifications resent after a kill)"),
    ]
    if MODE["api"] == "sage200":
        oauth = result["oauth"]
        rows.insert(4, ("Sage ID access tokens expired and refreshed (2 s lifetime)",
                        f"{oauth['refreshes']:,} refreshes; {MODE.get('relogins', 0)} kills "
                        "inside a refresh (spent token left, signed in again)"))
    lines = ["| measure | result |", "|---|---|"]
    lines += [f"| {name} | {value} |" for name, value in rows]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="fault rounds")
    parser.add_argument("--changes", type=int, default=1500, help="changes per fault round")
    parser.add_argument("--kills", type=int, default=30, help="SIGKILL rounds")
    parser.add_argument("--inputs", type=int, default=2000, help="fuzz inputs")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print the JSON summary too")
    parser.add_argument("--api", choices=["hub", "sage200"], default="hub")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    sim = start_sim()
    ledger = Ledger.attach(sim)
    try:
        with tempfile.TemporaryDirectory() as folder:
            state = Path(folder) / "state.db"
            if args.api == "sage200":
                sim.sim.sage_id.access_ttl = 2.0
                MODE.update(api="sage200", auth=auth_file(sim, Path(folder)),
                            resources=native_sample_resources())
            plan = make_plan(sim, [res(n, page_size=100, interval=1)
                                   for n in MODE["resources"]], backoff=0.2)
            faults = fault_rounds(sim, plan, state, args.rounds, args.changes, rng)
            plan_path = write_plan(Path(folder), plan)
            crashes = crash_rounds(sim, plan_path, state, args.kills, args.changes // 3, rng)
            final = _runtime(sim, plan_path, state, "--once", "--drain-timeout", "120")
            _, err = final.communicate(timeout=300)
            if _login_lost(final.returncode, err):
                _relogin(sim)
                final = _runtime(sim, plan_path, state, "--once", "--drain-timeout", "120")
                _, err = final.communicate(timeout=300)
            if final.returncode != 0:
                print(err, file=sys.stderr)
            result = verify(sim, state, ledger)
            result["oauth"] = sim.call("/_sim/oauth")
    finally:
        sim.sim.stop()
    fuzzed = fuzz(args.inputs)
    print(table(faults, crashes, result, fuzzed))
    if args.json:
        print(json.dumps({"faults": faults, "crashes": crashes, "result": result,
                          "fuzz": {k: fuzzed[k] for k in ("inputs", "tracebacks",
                                                          "bad_findings")}}, indent=2))
    bad = (result["lost"] or result["wrong_type"] or result["in_two_notifications"]
           or result["pending"] or result["dead"] or fuzzed["tracebacks"])
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
