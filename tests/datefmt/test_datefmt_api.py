"""The public API as a config author meets it: format, parse, compile and their errors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from sage200cfg import datefmt

ISO = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX"
INSTANT = datetime(2024, 12, 30, 23, 5, 9, 987000, tzinfo=UTC)


def test_format_in_a_named_zone() -> None:
    assert datefmt.format(ISO, INSTANT, "Asia/Kathmandu") == "2024-12-31T04:50:09.987+05:45"
    assert datefmt.format(ISO, INSTANT, "UTC") == "2024-12-30T23:05:09.987Z"


def test_format_accepts_any_aware_datetime_and_truncates_to_milliseconds() -> None:
    other = datetime(2024, 12, 30, 18, 5, 9, 987999, tzinfo=timezone(timedelta(hours=-5)))
    assert datefmt.format(ISO, other, "UTC") == "2024-12-30T23:05:09.987Z"


def test_format_rejects_a_naive_datetime() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        datefmt.format(ISO, datetime(2024, 1, 1), "UTC")


def test_java_specific_letters() -> None:
    assert datefmt.format("u S YYYY", INSTANT, "UTC") == "1 987 2025"  # Monday, ms, week year
    assert datefmt.format("ZZZZ", INSTANT, "America/New_York") == "-0500"


def test_unknown_zone_formats_as_gmt_like_java() -> None:
    assert datefmt.format("HH:mm z", INSTANT, "Europe/Londn") == "23:05 GMT"


def test_parse_returns_an_aware_utc_datetime() -> None:
    parsed = datefmt.parse(ISO, "2024-12-31T04:50:09.987+05:45", "UTC")
    assert parsed == INSTANT
    assert parsed.tzinfo is UTC


def test_parse_strict_rejects_trailing_text_but_prefix_mode_ignores_it() -> None:
    with pytest.raises(datefmt.ParseError) as raised:
        datefmt.parse("yyyy-MM-dd", "2024-01-05T10:00", "UTC")
    assert raised.value.position == 10
    assert "unexpected text" in raised.value.message
    lenient = datefmt.parse("yyyy-MM-dd", "2024-01-05T10:00", "UTC", strict=False)
    assert lenient == datetime(2024, 1, 5, tzinfo=UTC)


@pytest.mark.parametrize("text", ["2024-13-01", "2024-02-30", "2023-02-29"])
def test_parse_rejects_impossible_dates(text: str) -> None:
    with pytest.raises(datefmt.ParseError, match="invalid date"):
        datefmt.parse("yyyy-MM-dd", text, "UTC")


def test_parse_rejects_second_60() -> None:
    with pytest.raises(datefmt.ParseError):
        datefmt.parse("HH:mm:ss", "23:59:60", "UTC")


def test_s_counts_milliseconds() -> None:
    parsed = datefmt.parse("HH:mm:ss.S", "10:00:00.5", "UTC")
    assert parsed.microsecond == 5000


def test_text_fields_match_case_insensitively() -> None:
    parsed = datefmt.parse("EEE, dd MMM yyyy", "fri, 05 JAN 2024", "UTC")
    assert parsed == datetime(2024, 1, 5, tzinfo=UTC)


def test_adjacent_numeric_fields_take_their_width() -> None:
    parsed = datefmt.parse("yyyyMMddHHmmss", "20240105103000", "UTC")
    assert parsed == datetime(2024, 1, 5, 10, 30, tzinfo=UTC)


def test_fall_back_overlap_picks_standard_time_unlike_zoneinfo() -> None:
    parsed = datefmt.parse("yyyy-MM-dd HH:mm", "2024-11-03 01:30", "America/New_York")
    assert parsed == datetime(2024, 11, 3, 6, 30, tzinfo=UTC)
    zoneinfo_pick = datetime(2024, 11, 3, 1, 30, tzinfo=ZoneInfo("America/New_York"))
    assert zoneinfo_pick.astimezone(UTC) == datetime(2024, 11, 3, 5, 30, tzinfo=UTC)


def test_a_time_inside_the_spring_gap_does_not_exist() -> None:
    with pytest.raises(datefmt.ParseError, match="does not exist"):
        datefmt.parse("yyyy-MM-dd HH:mm", "2024-03-10 02:30", "America/New_York")


def test_parse_error_points_at_the_first_mismatch() -> None:
    with pytest.raises(datefmt.ParseError) as raised:
        datefmt.parse("yyyy-MM-dd", "2024/01/05", "UTC")
    assert raised.value.position == 4
    assert isinstance(raised.value, datefmt.DateFormatError)
    assert "at index 4" in str(raised.value)


def test_milliseconds_pattern_formats_and_parses_epoch_ms() -> None:
    assert datefmt.format("milliseconds", INSTANT, "Asia/Tokyo") == "1735599909987"
    assert datefmt.parse("milliseconds", "1735599909987", "UTC") == INSTANT
    assert datefmt.parse("milliseconds", "-1", "UTC") == datetime(
        1969, 12, 31, 23, 59, 59, 999000, tzinfo=UTC
    )
    assert datefmt.parse("milliseconds", "1735599909987 ms", "UTC", strict=False) == INSTANT
    with pytest.raises(datefmt.ParseError):
        datefmt.parse("milliseconds", "1735599909987 ms", "UTC")
    with pytest.raises(datefmt.ParseError):
        datefmt.parse("milliseconds", "soon", "UTC")


def test_compile_reports_the_position_of_a_bad_letter() -> None:
    with pytest.raises(datefmt.PatternError) as raised:
        datefmt.compile("yyyy-MM-ddTHH:mm")
    assert raised.value.position == 10
    assert raised.value.message == "Illegal pattern character 'T'"


def test_compile_returns_a_reusable_cached_object() -> None:
    compiled = datefmt.compile(ISO)
    assert compiled is datefmt.compile(ISO)
    assert compiled.parse(compiled.format(INSTANT, "Europe/London"), "Europe/London") == INSTANT


def test_a_zone_name_in_the_text_switches_the_zone() -> None:
    parsed = datefmt.parse("yyyy-MM-dd HH:mm z", "2024-07-05 10:00 PDT", "UTC")
    assert parsed == datetime(2024, 7, 5, 17, 0, tzinfo=UTC)


def test_dublin_names_follow_java_not_the_negative_dst_of_tz_source() -> None:
    winter = datetime(2024, 1, 15, 12, tzinfo=UTC)
    summer = datetime(2024, 7, 15, 12, tzinfo=UTC)
    assert datefmt.format("z zzzz", winter, "Europe/Dublin") == "GMT Greenwich Mean Time"
    assert datefmt.format("z zzzz", summer, "Europe/Dublin") == "IST Irish Standard Time"
    assert datefmt.parse("yyyy-MM-dd HH:mm z", "2024-07-15 13:00 IST", "Europe/Dublin") == summer
