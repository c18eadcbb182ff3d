"""Report, selection and suppression cost on a large run, in-process.

``python bench/bench_report.py [--files 2000] [--per-file 5] [--repeat 5]``
builds ``files * per-file`` findings (a quarter of the files YAML, each with
one suppression comment and a 90-line body), then times, best of
``--repeat``: ``apply_suppressions``, ``filter_findings`` with per-file
ignores, and ``render_findings`` in every format (text also with source
frames). The lint benchmark's whole-run budget is about 1 s for 2,000 files,
so these steps should stay in the tens of milliseconds.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from sage200cfg.findings import Finding, Severity
from sage200cfg.lint.settings import LintSettings, filter_findings
from sage200cfg.lint.suppress import apply_suppressions
from sage200cfg.report import REPORTERS, render_findings

_SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.WARNING, Severity.INFO)


def _corpus(files: int, per_file: int) -> tuple[list[Finding], dict[str, str]]:
    findings, sources = [], {}
    for index in range(files):
        yaml = index % 4 == 0
        path = f"configs/team{index % 20}/instance{index:04}.{'yaml' if yaml else 'json'}"
        lines = [f"  key{n}: value {n}" for n in range(90)]
        if yaml:
            lines[10] += "  # sage200cfg: ignore[S231]"
        sources[path] = "\n".join(lines) + "\n"
        for n in range(per_file):
            code = "S231" if n == 0 else f"S2{n % 6}{n % 10}"
            severity = _SEVERITIES[n % 4]
            message = f"finding {n} in {path}: value `x` is wrong"
            findings.append(Finding(path, 11 + n, 3, code, "rule", severity, message, f"/k{n}"))
    return findings, sources


def _best(step: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--per-file", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    findings, sources = _corpus(args.files, args.per_file)
    yaml_sources = {path: text for path, text in sources.items() if path.endswith(".yaml")}
    settings = LintSettings(ignore=("S25",), per_file_ignores=(("team3", ("S2",)),))
    print(f"{len(findings)} findings in {args.files} files; best of {args.repeat}:")
    steps: dict[str, Callable[[], object]] = {
        "apply_suppressions": lambda: apply_suppressions(findings, yaml_sources),
        "filter_findings": lambda: filter_findings(findings, settings),
    }
    for fmt in REPORTERS:
        steps[f"render {fmt}"] = lambda fmt=fmt: render_findings(findings, fmt, files_checked=2000)
    steps["render text + frames"] = lambda: render_findings(findings, "text", sources=sources)
    for name, step in steps.items():
        print(f"  {name:<22} {_best(step, args.repeat) * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
