"""Replay the vectors Java 17's SimpleDateFormat produced (tests/vectors/GenVectors.java).

No Java is needed: the vectors are committed data. Each test covers one pattern and lists
every case where this engine and Java disagree, so a failure shows all of them at once.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from sage200cfg import datefmt
from sage200cfg.datefmt import zones

VECTORS = Path(__file__).resolve().parents[1] / "vectors"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Deliberate differences (README "Date patterns"): Java switches to the Julian calendar
# before 1582-10-15 and allows years past 9999; datetime is proleptic Gregorian, 1..9999.
GREGORIAN_CUTOVER_MS = -12219292800000
YEAR_10000_MS = 253402300800000


def load(name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (VECTORS / name).read_text("utf-8").splitlines()]


def by_pattern(cases: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for case in cases:
        groups[case["p"]].append(case)
    return groups


def outside_datetime(case: dict[str, Any]) -> bool:
    ms = case.get("ms")
    return ms is not None and not GREGORIAN_CUTOVER_MS <= ms < YEAR_10000_MS


FORMAT = by_pattern(load("format.jsonl"))
PARSE = by_pattern(load("parse.jsonl"))


def epoch_ms(value: datetime) -> int:
    return (value - EPOCH) // timedelta(milliseconds=1)


@pytest.mark.parametrize("pattern", sorted(FORMAT))
def test_format_matches_java(pattern: str) -> None:
    compiled = datefmt.compile(pattern)
    wrong = [
        (case["z"], case["ms"], case["text"], got)
        for case in FORMAT[pattern]
        if (got := compiled.format(EPOCH + timedelta(milliseconds=case["ms"]), case["z"]))
        != case["text"]
    ]
    assert wrong == []


def parse_outcome(pattern: str, text: str, zone: str, strict: bool) -> tuple[str, int]:
    try:
        return "ok", epoch_ms(datefmt.parse(pattern, text, zone, strict=strict))
    except datefmt.ParseError as exc:
        return "error", exc.position


def java_outcome(case: dict[str, Any], strict: bool) -> tuple[str, int]:
    if case["ms"] is None:
        return "error", case["error_index"]
    if strict and case["end"] != len(case["text"]):
        return "error", case["end"]
    return "ok", case["ms"]


@pytest.mark.parametrize("strict", [True, False], ids=["strict", "prefix"])
@pytest.mark.parametrize("pattern", sorted(PARSE))
def test_parse_matches_java(pattern: str, strict: bool) -> None:
    wrong = []
    for case in PARSE[pattern]:
        if outside_datetime(case):
            continue
        got = parse_outcome(pattern, case["text"], case["z"], strict)
        if got != (want := java_outcome(case, strict)):
            wrong.append((case["z"], case["text"], want, got))
    assert wrong == []


def test_the_only_skipped_parse_vectors_are_the_documented_differences() -> None:
    skipped = [c for cases in PARSE.values() for c in cases if outside_datetime(c)]
    assert {c["text"] for c in skipped} == {"0001-01-01", "20240-01-01", "1-01-05", "024-01-05"}
    # Past year 9999 the engine refuses instead of returning a wrong date.
    with pytest.raises(datefmt.ParseError, match="outside"):
        datefmt.parse("yyyy-MM-dd", "20240-01-01", "UTC")


@pytest.mark.parametrize("case", load("patterns.jsonl"), ids=lambda c: repr(c["p"]))
def test_pattern_validity_matches_java(case: dict[str, Any]) -> None:
    if case["error"] is None:
        datefmt.compile(case["p"])
    else:
        with pytest.raises(datefmt.PatternError) as raised:
            datefmt.compile(case["p"])
        assert raised.value.message == case["error"]
        assert datefmt.validate(case["p"]) != []


@pytest.mark.parametrize("case", load("zones.jsonl"), ids=lambda c: repr(c["id"]))
def test_zone_ids_resolve_like_java(case: dict[str, Any]) -> None:
    assert zones.is_known(case["id"]) is case["known"]
    zone = zones.resolve(case["id"])
    assert zone.id == case["resolved"]
    assert zone.raw_offset_ms == case["offset"]


def test_vectors_cover_every_pattern_letter() -> None:
    letters = {c for pattern in FORMAT for c in pattern if c.isascii() and c.isalpha()}
    assert set(datefmt.LETTERS) <= letters
