"""``DateFormat``: a compiled pattern that formats and parses like Java's SimpleDateFormat."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache

from .calendar import Builder, InvalidFields, establish
from .errors import ParseError
from .fastparse import build_fast_parser
from .field_ids import WEEK_YEAR, YEAR
from .formatter import Formatter, build_formatter
from .parser import Failure, ParseState, parse_fields, plan
from .pattern import MILLISECONDS, tokenize
from .zones import resolve

__all__ = ["DateFormat", "cached", "cached_formatter", "epoch_ms"]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_MS = timedelta(milliseconds=1)


def epoch_ms(instant: datetime) -> int:
    """Milliseconds since the epoch, truncated toward the past as Java's Date holds them."""
    if instant.tzinfo is None:
        raise ValueError("instant must be a timezone-aware datetime")
    return (instant - _EPOCH) // _ONE_MS


class DateFormat:
    """A compiled SimpleDateFormat pattern (Locale.US, non-lenient), safe to share."""

    __slots__ = ("_century", "_fast", "_format", "_millis", "_steps", "_tokens", "pattern")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._millis = pattern == MILLISECONDS
        self._tokens = [] if self._millis else tokenize(pattern)
        self._format = _format_millis if self._millis else build_formatter(self._tokens)
        self._fast = build_fast_parser(self._tokens)
        self._steps = plan(self._tokens)
        # Two-digit years land in the century starting 80 years before the pattern was built.
        self._century = _eighty_years_before(datetime.now(UTC))

    def __repr__(self) -> str:
        return f"DateFormat({self.pattern!r})"

    def format(self, instant: datetime, tz: str) -> str:
        """``instant`` as Java's ``SimpleDateFormat.format`` prints it in zone ``tz``."""
        return self._format(instant, tz)

    def parse(self, text: str, tz: str, *, strict: bool = True) -> datetime:
        """The UTC instant ``text`` denotes; ``strict=False`` ignores trailing text."""
        if self._millis:
            return _parse_millis(text, strict)
        zone = resolve(tz)
        if self._fast is not None:
            fast = self._fast(text, zone, strict)
            if fast is not None:
                return fast
        state = ParseState(Builder(zone), self._century.year)
        try:
            end = parse_fields(self._steps, text, state)
        except Failure as exc:
            raise ParseError(
                f"cannot parse {text!r} with {self.pattern!r}: {exc.reason}", exc.index
            ) from None
        try:
            millis = establish(state.builder)
            if state.ambiguous_year and millis < epoch_ms(self._century):
                state.builder.value[YEAR] += 100
                state.builder.value[WEEK_YEAR] += 100
                millis = establish(state.builder)
        except InvalidFields as exc:
            raise ParseError(f"invalid date {text!r}: {exc}", end) from None
        if strict and end != len(text):
            raise ParseError(f"unexpected text after the date: {text[end:]!r}", end)
        return _EPOCH + timedelta(milliseconds=millis)


def _eighty_years_before(now: datetime) -> datetime:
    # Calendar.add(YEAR, -80): February 29 becomes February 28, other days stay.
    try:
        return now.replace(year=now.year - 80)
    except ValueError:
        return now.replace(year=now.year - 80, day=28)


def _format_millis(instant: datetime, tz: str) -> str:
    return str(epoch_ms(instant))


def _parse_millis(text: str, strict: bool) -> datetime:
    end = 1 if text[:1] == "-" else 0
    while end < len(text) and "0" <= text[end] <= "9":
        end += 1
    digits = text[:end]
    if digits in ("", "-"):
        raise ParseError(f"expected epoch milliseconds, got {text!r}", 0)
    if strict and end != len(text):
        raise ParseError(f"unexpected text after the milliseconds: {text[end:]!r}", end)
    try:
        return _EPOCH + timedelta(milliseconds=int(digits))
    except OverflowError:
        raise ParseError(f"epoch milliseconds out of range: {digits}", 0) from None


@lru_cache(maxsize=512)
def cached(pattern: str) -> DateFormat:
    """The compiled form of ``pattern``, shared by the module-level functions."""
    return DateFormat(pattern)


@lru_cache(maxsize=512)
def cached_formatter(pattern: str) -> Formatter:
    """``cached(pattern).format`` minus one call layer, for the module-level ``format``."""
    return cached(pattern)._format
