"""Hypothesis: whatever the engine formats, strict parsing reads back as the same instant.

Patterns here carry every field an instant needs. Without an offset in the text, the
repeated hour of a fall-back change is the one exception: Java (and so this engine) reads
it as standard time, the later of the two instants.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from sage200cfg import datefmt
from sage200cfg.datefmt import DateFormat

WITH_OFFSET = [
    "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
    "yyyy-MM-dd'T'HH:mm:ss.SSSZ",
    "EEE, dd MMM yyyy HH:mm:ss.SSS Z",
    "yyyy-DDD HH:mm:ss.SSS XX",
    "EEEE, MMMM d, yyyy h:mm:ss.SSS a XXX",
    "YYYY-'W'ww-u HH:mm:ss.SSS XXX",
    "yyyyMMddHHmmssSSSZ",
    "yyyy-MM-dd KK:mm:ss.SSS a Z",
]
LOCAL = ["yyyy-MM-dd HH:mm:ss.SSS", "yyyyMMddHHmmssSSS", "dd MMM yyyy kk:mm:ss.SSS"]
ZONES = [
    "UTC", "Europe/London", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu",
    "Australia/Lord_Howe", "America/St_Johns", "Pacific/Chatham", "EST", "BST", "GMT-03:30",
]  # fmt: skip

instants = st.datetimes(
    min_value=datetime(1973, 1, 1), max_value=datetime(2199, 12, 31), timezones=st.just(UTC)
).map(lambda d: d.replace(microsecond=d.microsecond // 1000 * 1000))


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(WITH_OFFSET), instants, st.sampled_from(ZONES))
def test_patterns_with_an_offset_round_trip(pattern: str, instant: datetime, zone: str) -> None:
    text = datefmt.format(pattern, instant, zone)
    assert datefmt.parse(pattern, text, zone) == instant


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(LOCAL), instants, st.sampled_from(ZONES))
def test_local_patterns_round_trip_except_in_the_repeated_hour(
    pattern: str, instant: datetime, zone: str
) -> None:
    text = datefmt.format(pattern, instant, zone)
    parsed = datefmt.parse(pattern, text, zone)
    if parsed != instant:
        # Only a repeated local time may move, and only to the later (standard) instant.
        assert parsed > instant and parsed - instant <= timedelta(hours=1)
        assert datefmt.format(pattern, parsed, zone) == text


@settings(max_examples=200, deadline=None)
@given(instants, st.sampled_from(["Europe/London", "America/New_York", "Australia/Adelaide"]))
def test_zone_names_round_trip_in_their_own_zone(instant: datetime, zone: str) -> None:
    pattern = "yyyy-MM-dd HH:mm:ss.SSS zzzz"
    text = datefmt.format(pattern, instant, zone)
    assert datefmt.parse(pattern, text, zone) == instant


@settings(max_examples=200, deadline=None)
@given(
    st.datetimes(timezones=st.just(UTC)),
    st.sampled_from(["yyyy-MM-dd'T'HH:mm:ss.SSSXXX z", "YYYY-ww-u D F W k K h a G E MMMM"]),
    st.sampled_from(["Pacific/Kiritimati", "Etc/GMT+12", "UTC"]),
)
def test_format_gives_text_or_a_clear_error(instant: datetime, pattern: str, zone: str) -> None:
    try:
        text = datefmt.format(pattern, instant, zone)
    except ValueError as exc:
        assert "outside years 1..9999" in str(exc)
    else:
        assert text


FAST = ["yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "yyyyMMddHHmmss", "yyyy-M-d H:m:s.S Z", "yyyMdHmsSX"]
pieces = st.sampled_from([*"0123456789-+: .TZ", "2024", "12", "59", "60", "29", "+05:30", "-0800"])


def outcome(compiled: DateFormat, text: str, zone: str, strict: bool) -> object:
    try:
        return compiled.parse(text, zone, strict=strict)
    except datefmt.ParseError as exc:
        return exc.position


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(FAST),
    st.lists(pieces, max_size=20).map("".join),
    st.sampled_from(["UTC", "America/New_York", "Asia/Kathmandu"]),
    st.booleans(),
)
def test_the_regex_fast_path_never_changes_a_result(
    pattern: str, text: str, zone: str, strict: bool
) -> None:
    fast, exact = DateFormat(pattern), DateFormat(pattern)
    exact._fast = None  # force the field-by-field parser
    assert outcome(fast, text, zone, strict) == outcome(exact, text, zone, strict)
