"""The committed vectors are exactly what the committed generator prints (needs Java 17)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors"
ZONES = ROOT / "compiler" / "datefmt" / "java_zones.json"


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


@pytest.mark.skipif(
    java_version() != json.loads(ZONES.read_text("utf-8"))["java"],
    reason="needs the Java version the vectors were generated with",
)
def test_generator_reproduces_the_committed_vectors(tmp_path: Path) -> None:
    classes, out = tmp_path / "classes", tmp_path / "vectors"
    subprocess.run(["javac", "-d", str(classes), str(VECTORS / "GenVectors.java")], check=True)
    subprocess.run(
        ["java", "-cp", str(classes), "GenVectors", str(out), str(tmp_path / "zones.json")],
        check=True, capture_output=True,
    )  # fmt: skip
    assert (tmp_path / "zones.json").read_bytes() == ZONES.read_bytes()
    for generated in sorted(out.glob("*.jsonl")):
        assert generated.read_bytes() == (VECTORS / generated.name).read_bytes(), generated.name
