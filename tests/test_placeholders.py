"""The ``${...}`` scanner shared by lint and compile."""

from __future__ import annotations

import pytest

from sage200cfg.placeholders import Placeholder, scan


def _only(url: str) -> Placeholder:
    [placeholder] = scan(url).placeholders
    return placeholder


@pytest.mark.parametrize(
    ("url", "zone", "pattern"),
    [
        ("${dateTimeZone:EST:yyyy-MM-dd}", "EST", "yyyy-MM-dd"),
        ("${dateTimeZone:-6:00:yyyy-MM-dd'T'HH:mm:ss}", "-6:00", "yyyy-MM-dd'T'HH:mm:ss"),
        ("${dateTimeZone:+6:HH:mm}", "+6", "HH:mm"),
        ("${dateTimeZone:GMT+05:30:HH:mm}", "GMT+05:30", "HH:mm"),
        ("${dateTimeZone:America/New_York:HH:mm}", "America/New_York", "HH:mm"),
    ],
)
def test_zones_may_hold_colons(url, zone, pattern):
    found = _only(url)
    assert (found.kind, found.zone, found.pattern) == ("dateTimeZone", zone, pattern)


def test_a_brace_inside_a_quoted_literal_does_not_close():
    found = _only("?where=x>='${gmtDate:yyyy'}'MM}'")
    assert found.pattern == "yyyy'}'MM"


@pytest.mark.parametrize(
    ("url", "unclosed"), [("a=${date:yyyy", 2), ("${date:y ${epoch}", 0), ("x${gmtDate:'}", 1)]
)
def test_unclosed_placeholders(url, unclosed):
    assert scan(url).unclosed == unclosed


@pytest.mark.parametrize(
    ("body", "kind", "unit", "problem"),
    [
        ("epoch", "epoch", "ms", None),
        ("epoch:s", "epoch", "s", None),
        ("epoch:us", "epoch", "us", None),
        ("epoch:ns", "epoch", None, "epoch unit must be s, ms or us"),
        ("milliseconds", None, None, "unknown placeholder ${milliseconds}"),
    ],
)
def test_kinds(body, kind, unit, problem):
    found = _only("${" + body + "}")
    assert (found.kind, found.unit, found.problem) == (kind, unit, problem)


def test_legacy_date_and_offsets():
    url = "/hubs/finance/customers?where=date_time_updated>='${date}'"
    found = _only(url)
    assert found.legacy and url[found.start : found.end] == "${date}"
