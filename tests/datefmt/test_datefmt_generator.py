"""The committed vectors are exactly what the committed generator prints.

Compiling and running the generator costs about 10 s of CPU, so this test runs only when
asked: ``SAGE200CFG_JAVA_VECTORS=1 pytest tests/datefmt/test_datefmt_generator.py`` on a
machine with the Java version recorded in ``schemas/java-zones.json``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors"
ZONES = ROOT / "schemas" / "java-zones.json"


def java_version() -> str | None:
    if shutil.which("javac") is None or shutil.which("java") is None:
        return None
    done = subprocess.run(
        ["java", "-XshowSettings:properties", "-version"],
        capture_output=True,
        text=True,
        check=False,
    )
    for line in done.stderr.splitlines():
        if line.strip().startswith("java.version ="):
            return line.split("=", 1)[1].strip()
    return None


@pytest.mark.skipif(not os.environ.get("SAGE200CFG_JAVA_VECTORS"), reason="opt-in: needs Java")
def test_generator_reproduces_the_committed_vectors(tmp_path: Path) -> None:
    if java_version() != json.loads(ZONES.read_text("utf-8"))["java"]:
        pytest.skip("needs the Java version the vectors were generated with")
    classes, out = tmp_path / "classes", tmp_path / "vectors"
    subprocess.run(["javac", "-d", str(classes), str(VECTORS / "GenVectors.java")], check=True)
    subprocess.run(
        ["java", "-cp", str(classes), "GenVectors", str(out), str(tmp_path / "zones.json")],
        check=True, capture_output=True,
    )  # fmt: skip
    assert (tmp_path / "zones.json").read_bytes() == ZONES.read_bytes()
    for generated in sorted(out.glob("*.jsonl")):
        assert generated.read_bytes() == (VECTORS / generated.name).read_bytes(), generated.name
