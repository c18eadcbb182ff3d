"""Lint speed against check-jsonschema, measured side by side in one run.

``python bench/bench_lint.py [--files 2000] [--repeat 3]`` generates two config
repos (bench/gen_repo.py): ``mixed`` (mostly clean) and ``copied`` (every file
copied from the documented example: 1-2 errors and about 20 warnings each).
Then it times, best of ``--repeat``:

* ``sage200cfg lint REPO`` (all rules; ``--format json`` on the copied repo) vs
  ``check-jsonschema --schemafile schemas/instance.schema.json FILES``;
* the same two commands on one file.

Both run as fresh processes, so start-up is included, as a user sees it. On
the repos, CPU time (user + system, workers included) is reported too: on a
shared machine it moves less with the load than wall time does.
Target: repo ratios <= 0.4, single-file ratio <= 0.8.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from gen_repo import generate  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "schemas" / "instance.schema.json"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(cmd: list[str], ok: tuple[int, ...] = (0, 1)) -> tuple[float, float]:
    """(wall, CPU) seconds of one run; CPU counts the command's workers too."""
    cpu, start = _children_cpu(), time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode not in ok:
        raise SystemExit(f"{cmd[0]} failed ({done.returncode}): {done.stderr[-500:]}")
    return wall, _children_cpu() - cpu


def _best(cmd: list[str], repeat: int) -> float:
    return min(_run(cmd)[0] for _ in range(repeat))


def _commands(
    files: list[str], target: str, fmt: str = "text"
) -> tuple[list[str], list[str]]:
    ours = [sys.executable, "-m", "sage200cfg", "lint", "--no-color", "--format", fmt, target]
    beside = Path(sys.executable).with_name("check-jsonschema")  # the same environment's
    peer_exe = str(beside) if beside.exists() else shutil.which("check-jsonschema")
    peer = [peer_exe or "check-jsonschema", "--schemafile", str(SCHEMA)]
    return ours, [*peer, *files]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows: list[tuple[str, tuple[float, float]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for profile, fmt in (("mixed", "text"), ("copied", "json")):
            repo = Path(tmp) / profile
            paths = [str(p) for p in generate(repo, args.files, profile=profile)]
            ours, peer = _commands(paths, str(repo), fmt)
            # Interleaved, so a load spike on this shared machine hits both sides.
            runs = [(_run(ours), _run(peer)) for _ in range(args.repeat)]
            best = (min(o[0] for o, _ in runs), min(p[0] for _, p in runs))
            rows.append((f"{args.files} files, {profile} ({fmt})", best))
            cpu = (min(o[1] for o, _ in runs), min(p[1] for _, p in runs))
            rows.append((f"{args.files} files, {profile} ({fmt}), CPU time", cpu))
        one_ours, one_peer = _commands(paths[:1], paths[0])
        rows.append(("1 file", (_best(one_ours, args.repeat), _best(one_peer, args.repeat))))
    print("| case | sage200cfg lint | check-jsonschema | ratio |")
    print("|---|---|---|---|")
    for name, (a, b) in rows:
        print(f"| {name} | {a:.3f} s | {b:.3f} s | {a / b:.2f} |")


if __name__ == "__main__":
    main()
