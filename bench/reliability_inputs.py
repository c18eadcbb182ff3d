"""Fuzz campaign for the loader and every lint rule, outside pytest.

``python bench/reliability_inputs.py [--inputs 20000]`` feeds that many hostile inputs
(the Hypothesis strategies of ``tests/reliability/fuzz_inputs.py``: random text,
random JSON values, mutated samples, damaged files) to ``lint_data``/``lint_paths``
and prints a JSON summary for the README's reliability table:

    {"inputs": 20000, "tracebacks": 0, "crashes_by_rule": {}, "bad_findings": 0, ...}

``tracebacks`` counts inputs where lint raised; ``crashes_by_rule`` counts S000
findings (a rule that raised, caught by the engine) per rule; ``bad_findings``
counts findings with an impossible position, code or pointer. Exit status 1 when
any of them is non-zero.

``--large 100000`` instead times one lint of a compact file with that many resources
(the shape ``tests/reliability/test_large_inputs.py`` uses: one S261 per resource).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "reliability"))
from fuzz_inputs import config_texts, fuzz_files, json_values, problems  # noqa: E402

from sage200cfg.lint import lint_data, lint_paths  # noqa: E402
from sage200cfg.lint.engine import lint_document  # noqa: E402
from sage200cfg.load.documents import load_text  # noqa: E402

_RULE = re.compile(r"rule (S\d{3}) failed")


class Campaign:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.inputs = 0
        self.tracebacks: Counter[str] = Counter()
        self.crashes: Counter[str] = Counter()
        self.bad: Counter[str] = Counter()
        self.samples: list[str] = []

    def check(self, run: object, text: str | None = None) -> None:
        self.inputs += 1
        try:
            findings = run()  # type: ignore[operator]
        except Exception as exc:  # noqa: BLE001 - counting crashes is the point
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            where = f"{type(exc).__name__} at {Path(frame.filename).name}:{frame.lineno}"
            self.tracebacks[where] += 1
            self._sample(f"{where}: {exc}")
            return
        for finding in findings:
            if finding.code == "S000" and (m := _RULE.search(finding.message)):
                self.crashes[m.group(1)] += 1
                self._sample(finding.message)
        for problem in problems(findings, text):
            self.bad[problem.split(":")[0]] += 1
            self._sample(problem)

    def _sample(self, line: str) -> None:
        if len(self.samples) < 10:
            self.samples.append(line[:300])


def _lint_text(suffix: str, text: str) -> object:
    fmt = "json" if suffix == ".json" else "yaml"
    return lambda: lint_document(load_text(f"fuzz{suffix}", text, fmt))


def run(total: int, folder: Path) -> Campaign:
    campaign = Campaign(folder)
    share = max(1, total // 4)
    fuzz = settings(
        max_examples=share,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )

    @fuzz
    @given(st.sampled_from([".json", ".yaml"]), st.text(max_size=300))
    def random_text(suffix: str, text: str) -> None:
        campaign.check(_lint_text(suffix, text), text)

    @fuzz
    @given(json_values)
    def random_json(value: object) -> None:
        campaign.check(lambda: lint_data(value), json.dumps(value, indent=2))

    @fuzz
    @given(config_texts())
    def mutated(file: tuple[str, str]) -> None:
        campaign.check(_lint_text(*file), file[1])

    @fuzz
    @given(fuzz_files())
    def damaged(file: tuple[str, bytes]) -> None:
        path = folder / f"config{file[0]}"
        path.write_bytes(file[1])
        campaign.check(lambda: lint_paths([str(path)], jobs=1).findings)

    for prop in (random_text, random_json, mutated, damaged):
        prop()
    return campaign


def compact_config(resources: int) -> str:
    """Short keys and URLs, so 100,000 resources fit under the 8 MiB limit."""
    poller = {f"c{i}": {"url": f"/hubs/crm/c{i}?where=u>=${{epoch}}", "idField": "id"}
              for i in range(resources)}  # fmt: skip
    config = {
        "event.notification.enabled": True,
        "event.notification.callback.url": "https://events.example.com/hook",
        "event.poller.refresh_interval": "15",
        "event.poller.configuration": poller,
    }
    doc = {"element": {"key": "crm"}, "name": "big", "tags": ["t"], "configuration": config}
    return json.dumps(doc, separators=(",", ":"))


def large(resources: int, folder: Path) -> dict[str, object]:
    path = folder / "large.json"
    path.write_text(compact_config(resources))
    wall, cpu = time.perf_counter(), time.process_time()
    result = lint_paths([str(path)], jobs=1)
    return {
        "resources": resources,
        "bytes": path.stat().st_size,
        "findings": len(result.findings),
        "lint_cpu_s": round(time.process_time() - cpu, 2),
        "lint_wall_s": round(time.perf_counter() - wall, 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=20_000, help="how many inputs to try")
    parser.add_argument("--large", type=int, help="time one file with this many resources")
    args = parser.parse_args()
    if args.large:
        with tempfile.TemporaryDirectory() as folder:
            print(json.dumps(large(args.large, Path(folder))))
        return 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        campaign = run(args.inputs, Path(folder))
    summary = {
        "inputs": campaign.inputs,
        "tracebacks": sum(campaign.tracebacks.values()),
        "crashes_by_rule": dict(sorted(campaign.crashes.items())),
        "bad_findings": sum(campaign.bad.values()),
        "tracebacks_by_place": dict(campaign.tracebacks.most_common()),
        "bad_findings_by_kind": dict(campaign.bad.most_common()),
        "seconds": round(time.perf_counter() - started, 1),
        "samples": campaign.samples,
    }
    print(json.dumps(summary, indent=2, ensure_ascii=True))
    failed = summary["tracebacks"] or summary["crashes_by_rule"] or summary["bad_findings"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
