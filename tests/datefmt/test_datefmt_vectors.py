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
# Deliberate differences (README "Date patterns"): before 1900 Java's calendar (Julian
# before 1582-10-15) and its local mean times differ from datetime and zoneinfo, and Java
# allows years past 9999. Cases whose instant falls there are checked separately.
YEAR_1900_MS = -2208988800000
YEAR_10000_MS = 253402300800000


def load(name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (VECTORS / name).read_text("utf-8").splitlines()]


def by_pattern(cases: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for case in cases:
        groups[case["p"]].append(case)
    return groups


def in_window(outcome: tuple[str, int]) -> bool:
    return outcome[0] == "error" or YEAR_1900_MS <= outcome[1] < YEAR_10000_MS


FORMAT = by_pattern(load("format.jsonl"))
PARSE = by_pattern(load("parse.jsonl"))
FUZZ_FORMAT = load("fuzz_format.jsonl")
FUZZ_PARSE = load("fuzz_parse.jsonl")


def epoch_ms(value: datetime) -> int:
    return (value - EPOCH) // timedelta(milliseconds=1)


# Java 17 quirk: past 2037 ZoneInfo follows its "last rule", which for Africa/Windhoek
# (whose tz source writes winter as negative DST) yields +01:00 instead of +02:00.
YEAR_2038_MS = 2145916800000


def java_quirk(case: dict[str, Any]) -> bool:
    return case["z"] == "Africa/Windhoek" and case["ms"] >= YEAR_2038_MS


def format_mismatches(cases: list[dict[str, Any]]) -> list[tuple[str, str, int, str, str]]:
    wrong = []
    for case in cases:
        if java_quirk(case):
            continue
        instant = EPOCH + timedelta(milliseconds=case["ms"])
        got = datefmt.format(case["p"], instant, case["z"])
        if got != case["text"]:
            wrong.append((case["p"], case["z"], case["ms"], case["text"], got))
    return wrong


@pytest.mark.parametrize("pattern", sorted(FORMAT))
def test_format_matches_java(pattern: str) -> None:
    assert format_mismatches(FORMAT[pattern]) == []


def test_format_matches_java_on_random_patterns() -> None:
    assert format_mismatches(FUZZ_FORMAT) == []


def test_windhoek_after_2037_is_the_one_known_java_quirk() -> None:
    quirks = [c for cases in FORMAT.values() for c in cases if java_quirk(c)]
    assert {c["p"] for c in quirks if c["text"] != datefmt.format(
        c["p"], EPOCH + timedelta(milliseconds=c["ms"]), c["z"])} == {
        "z", "zzzz", "Z", "X", "XX", "XXX",
    }  # fmt: skip
    # Before 2038 Java and this engine agree on Windhoek, names included.
    summer = datetime(2024, 7, 1, tzinfo=UTC)
    assert datefmt.format("zzzz Z", summer, "Africa/Windhoek") == "Western African Time +0200"


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


def parse_mismatches(cases: list[dict[str, Any]], strict: bool) -> tuple[list[Any], int]:
    """Disagreements with Java, and how many cases fell outside 1900..9999 on either side."""
    wrong, outside = [], 0
    for case in cases:
        got = parse_outcome(case["p"], case["text"], case["z"], strict)
        want = java_outcome(case, strict)
        if not (in_window(got) and in_window(want)):
            outside += 1
        elif got != want:
            wrong.append((case["p"], case["z"], case["text"], want, got))
    return wrong, outside


@pytest.mark.parametrize("strict", [True, False], ids=["strict", "prefix"])
@pytest.mark.parametrize("pattern", sorted(PARSE))
def test_parse_matches_java(pattern: str, strict: bool) -> None:
    assert parse_mismatches(PARSE[pattern], strict)[0] == []


@pytest.mark.parametrize("strict", [True, False], ids=["strict", "prefix"])
def test_parse_matches_java_on_mutated_text_and_random_patterns(strict: bool) -> None:
    wrong, outside = parse_mismatches(FUZZ_PARSE, strict)
    assert wrong == []
    assert outside < len(FUZZ_PARSE) // 20


def test_the_only_parse_vectors_outside_1900_to_9999_are_the_known_ones() -> None:
    cases = [c for group in PARSE.values() for c in group]
    skipped = {c["text"] for c in cases if not in_window(java_outcome(c, False))}
    assert skipped == {
        "0001-01-01", "20240-01-01", "1-01-05", "024-01-05", "1899-12-31", "1883-11-18 12:00:00",
    }  # fmt: skip
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
