"""validate() lists every problem without raising; traps() names the well-known mistakes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sage200cfg import datefmt
from sage200cfg.datefmt import Problem, Trap


def test_valid_patterns_have_no_problems() -> None:
    for pattern in ("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "milliseconds", "", "'o''clock'"):
        assert datefmt.validate(pattern) == []


def test_strftime_patterns_get_a_specific_message() -> None:
    [problem] = datefmt.validate("%Y-%m-%dT%H:%M:%S")
    assert problem.position == 0
    assert problem.message.startswith(
        "looks like a strftime pattern; SimpleDateFormat uses yyyy-MM-dd"
    )


def test_a_quoted_percent_is_not_strftime() -> None:
    assert datefmt.validate("yyyy'%d'") == []


def test_every_illegal_letter_is_reported_with_its_position() -> None:
    assert datefmt.validate("yyyy-MM-ddTHH:mm:ssx") == [
        Problem(10, "illegal pattern letter 'T'; quote literal text, e.g. 'T'"),
        Problem(19, "illegal pattern letter 'x'; quote literal text, e.g. 'x'"),
    ]


def test_unbalanced_quote() -> None:
    assert datefmt.validate("yyyy-MM-dd'T") == [
        Problem(10, "unterminated quote; write '' for a literal quote")
    ]


def test_too_many_x() -> None:
    assert datefmt.validate("XXXX") == [Problem(0, "invalid ISO 8601 format: length=4")]


@given(st.text(max_size=30))
def test_validate_never_raises_and_agrees_with_compile(pattern: str) -> None:
    problems = datefmt.validate(pattern)
    try:
        datefmt.compile(pattern)
    except datefmt.PatternError:
        assert problems
    else:
        assert all("strftime" in p.message for p in problems)


def kinds(pattern: str) -> list[str]:
    return [t.kind for t in datefmt.traps(pattern)]


@pytest.mark.parametrize(
    ("pattern", "kind", "position"),
    [
        ("yyyy-mm-dd", "minute-as-month", 5),
        ("YYYY-MM-dd", "week-year", 0),
        ("yyyy-MM-dd hh:mm", "twelve-hour-without-marker", 11),
        ("yyyy-MM-dd KK:mm", "twelve-hour-without-marker", 11),
        ("yyyy-MM-dd HH:mm:ss.S", "fraction-not-milliseconds", 20),
        ("yyyy-MM-dd HH:mm:ss.SSSSSS", "fraction-not-milliseconds", 20),
        ("yyyy-MM-DD", "day-of-year", 8),
        ("HH:mm:ss", "no-date-field", 0),
        ("yyyy-MM-dd'T'HH:mm:ss'Z'", "literal-zone", 21),
        ("yyyy-MM-dd HH:mm:ss.SSS' Z'", "literal-zone", 23),
    ],
)
def test_each_trap(pattern: str, kind: str, position: int) -> None:
    [trap] = datefmt.traps(pattern)
    assert (trap.kind, trap.position) == (kind, position)
    assert trap.message and "\n" not in trap.message


@pytest.mark.parametrize(
    "pattern",
    [
        "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
        "yyyy-MM-dd'T'HH:mm:ss",
        "YYYY-'W'ww-u",
        "yyyy-DDD",
        "hh:mm a, yyyy-MM-dd",
        "milliseconds",
        "yyyy-MM-ddTHH",
    ],
)
def test_sound_and_invalid_patterns_have_no_traps(pattern: str) -> None:
    assert datefmt.traps(pattern) == []


def test_traps_come_in_pattern_order() -> None:
    assert kinds("YYYY-mm-DD hh:mm:ss.S'Z'") == [
        "week-year", "minute-as-month", "twelve-hour-without-marker",
        "fraction-not-milliseconds", "literal-zone",
    ]  # fmt: skip


def test_trap_kinds_are_the_documented_ones() -> None:
    assert datefmt.KINDS == (
        "minute-as-month", "week-year", "twelve-hour-without-marker",
        "fraction-not-milliseconds", "day-of-year", "no-date-field", "literal-zone",
    )  # fmt: skip
    assert Trap("week-year", 0, "x").kind in datefmt.KINDS
