"""The runtime's only inputs are the plan and the date engine (CONTRIBUTING: layering)."""

from __future__ import annotations

import ast
from pathlib import Path

RUNTIME = Path(__file__).parents[2] / "compiler" / "runtime"


def test_runtime_imports_only_plan_and_datefmt_from_the_package():
    outside: set[str] = set()
    for path in RUNTIME.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 2:
                outside.add((node.module or "").split(".")[0])
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sage200cfg"):
                outside.add(node.module or "")
    assert outside == {"plan", "datefmt"}
