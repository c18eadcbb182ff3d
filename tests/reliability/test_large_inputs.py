"""Large inputs: each is handled within the documented limits, or refused with a finding.

Timing is measured in ``bench/reliability_inputs.py --large``, never asserted here.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tracemalloc
from collections import Counter
from pathlib import Path

from sage200cfg.lint import lint_paths
from sage200cfg.lint.engine import MAX_RESOURCES
from sage200cfg.load.documents import MAX_FILE_BYTES

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fuzz_inputs import problems  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
MiB = 1024 * 1024


def _codes(result) -> list[str]:
    return [f.code for f in result.findings]


def test_a_50_mb_file_is_refused_after_a_bounded_read(tmp_path):
    path = tmp_path / "huge.json"
    with path.open("wb") as out:
        out.write(b'{"name": "')
        for _ in range(50):
            out.write(b"x" * MiB)
        out.write(b'"}\n')
    tracemalloc.start()
    try:
        result = lint_paths([str(path)])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    [finding] = result.findings
    assert (finding.code, finding.line, finding.column) == ("S007", 1, 1)
    assert finding.message == "the file is larger than the 8 MiB limit"
    # Only the limit plus one byte is ever read, never the 50 MB.
    assert peak < MAX_FILE_BYTES + 4 * MiB


def test_the_cli_refuses_a_50_mb_file_with_exit_1(tmp_path, run_cli):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as out:
        out.truncate(50 * MiB)  # sparse: the size alone must decide
    proc = run_cli("lint", str(path))
    assert proc.returncode == 1
    assert f"{path}:1:1: S007 [error] the file is larger than the 8 MiB limit" in proc.stdout
    assert "Traceback" not in proc.stderr


def _compact_config(resources: int) -> str:
    # Short keys and URLs so 100,000 resources fit under the 8 MiB limit; no dates
    # configuration, so every block reports exactly one S261.
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


def test_100000_resources_are_refused_with_a_clear_finding(tmp_path):
    text = _compact_config(100_000)
    assert len(text.encode()) < MAX_FILE_BYTES
    path = tmp_path / "big.json"
    path.write_text(text)
    result = lint_paths([str(path)])
    assert [(f.code, f.message) for f in result.findings] == [
        ("S011", "100,000 resources in one instance; the limit is 5,000, so the semantic "
                 "rules were skipped (split the instance)")
    ]


def test_5000_resources_in_one_file_are_all_linted(tmp_path):
    text = _compact_config(MAX_RESOURCES)
    path = tmp_path / "big.json"
    path.write_text(text)
    result = lint_paths([str(path)])
    assert result.files == 1
    assert problems(result.findings, text) == []
    missing_dates = [f for f in result.findings if f.code == "S261"]
    assert len(missing_dates) == MAX_RESOURCES, Counter(_codes(result))
    # Each one points at its own resource's key, on the file's only line.
    keys = [f.pointer.rsplit("/", 1)[1] for f in missing_dates]
    assert sorted(keys) == sorted(f"c{i}" for i in range(MAX_RESOURCES))
    for finding, key in zip(missing_dates, keys, strict=True):
        assert finding.line == 1
        assert text.startswith(f'"{key}":', finding.column - 1)


def test_deep_nesting_is_refused_as_s010(tmp_path):
    cases = {
        "flow.json": '{"name": ' + "[" * 100_000 + "]" * 100_000 + "}",
        "schema-depth.json": '{"tags": ' + "[" * 400 + "]" * 400 + "}",
        "block.yaml": "name:\n" + "".join("  " * i + "- \n" for i in range(1, 400)),
        "flow.yaml": "a: " + "{a: " * 30_000 + "}" * 30_000 + "\n",
    }
    for name, text in cases.items():
        (tmp_path / name).write_text(text)
    result = lint_paths([str(tmp_path)])
    assert result.files == len(cases)
    assert {
        Path(f.file).name: (f.code, f.line, f.column) for f in result.findings
    } == dict.fromkeys(cases, ("S010", 1, 1))


def test_a_yaml_billion_laughs_is_refused_as_s008(tmp_path):
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    path = tmp_path / "laughs.yaml"
    path.write_text("\n".join(lines) + "\n")
    [finding] = lint_paths([str(path)]).findings
    assert finding.code == "S008"
    assert "aliases expand to more than 100,000 nodes" in finding.message


def test_a_repo_of_2000_files_is_linted_in_one_run(tmp_path):
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "gen_repo.py"), str(tmp_path), "--files", "2000"],
        check=True,
        capture_output=True,
        timeout=300,
    )
    result = lint_paths([str(tmp_path)])
    assert result.files == 2000
    assert Counter(Path(d.path).suffix for d in result.documents) == {".json": 1500, ".yaml": 500}
    assert all(d.ok for d in result.documents)
    assert problems(result.findings) == []
    assert not [f for f in result.findings if f.code.startswith("S0")]
    # gen_repo.py plants a realistic mistake in about one file in ten.
    planted = {f.file for f in result.findings if f.code in ("S101", "S201", "S251")}
    assert 120 <= len(planted) <= 280, len(planted)
