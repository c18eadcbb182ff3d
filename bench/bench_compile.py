"""Compile vs lint on the 2,000-file config repo (issue 5: compile <= 1.5x lint).

The repo is the lint benchmark's (bench/gen_repo.py) without its planted
mistakes. Both run as real CLI subprocesses (`python -m sage200cfg ...`), interleaved,
best of --runs each, so start-up and file loading count for both.

    python bench/bench_compile.py [--files 2000] [--runs 5] [--repo DIR]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = 1.5


def make_repo(out: Path, files: int) -> None:
    """The lint benchmark's repo (bench/gen_repo.py), minus its planted mistakes.

    gen_repo plants a lint error in about one file in ten; compile refuses such
    a repo after linting it, which would time nothing. With ``_mistake`` a no-op
    every file is clean and compile does its whole job.
    """
    sys.path.insert(0, str(HERE))
    import gen_repo  # type: ignore[import-not-found]

    gen_repo._mistake = lambda rng, doc: None
    gen_repo.generate(out, files)


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "sage200cfg", *args], capture_output=True,
                          text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--repo", type=Path, help="use this config repo instead of generating")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        repo = args.repo or Path(tmp) / "repo"
        if args.repo is None:
            make_repo(repo, args.files)
        plan = Path(tmp) / "plan.json"
        lint, comp = [], []
        for _ in range(args.runs):
            lint.append(timed(["lint", str(repo)]))
            comp.append(timed(["compile", str(repo), "-o", str(plan)]))
        size = plan.stat().st_size
    ratio = min(comp) / min(lint)
    print(f"files: {args.files}  runs: {args.runs}  plan: {size / 1e6:.1f} MB")
    print(f"lint    best {min(lint):.2f} s  (all: {', '.join(f'{t:.2f}' for t in lint)})")
    print(f"compile best {min(comp):.2f} s  (all: {', '.join(f'{t:.2f}' for t in comp)})")
    verdict = "OK" if ratio <= TARGET else "FAIL"
    print(f"compile/lint = {ratio:.2f}x  (target <= {TARGET}x): {verdict}")
    sys.exit(0 if ratio <= TARGET else 1)


if __name__ == "__main__":
    main()
