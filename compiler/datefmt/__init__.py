"""Java ``SimpleDateFormat`` semantics (Java 17, Locale.US) for patterns and zone IDs.

Every date in a sage200cfg config is a SimpleDateFormat pattern plus a Java zone ID.
This package formats, parses, validates and lints them exactly as Java does; the proof
is the vectors under ``tests/vectors`` that Java itself generated.

    >>> from datetime import datetime, timezone
    >>> format("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", datetime(2024, 1, 5, tzinfo=timezone.utc),
    ...        "Asia/Kolkata")
    '2024-01-05T05:30:00.000+05:30'
"""

from __future__ import annotations

from datetime import datetime

from . import zones
from .compiled import DateFormat, cached, cached_formatter
from .errors import DateFormatError, ParseError, PatternError
from .pattern import LETTERS, MILLISECONDS
from .traps import KINDS, Trap, traps
from .validate import Problem, validate

__all__ = [
    "KINDS",
    "LETTERS",
    "MILLISECONDS",
    "DateFormat",
    "DateFormatError",
    "ParseError",
    "PatternError",
    "Problem",
    "Trap",
    "compile",
    "format",
    "parse",
    "traps",
    "validate",
    "zones",
]


def compile(pattern: str) -> DateFormat:  # noqa: A001 - mirrors re.compile
    """Compile ``pattern`` (or ``milliseconds``); raise ``PatternError`` if Java would."""
    return cached(pattern)


def format(pattern: str, instant: datetime, tz: str) -> str:  # noqa: A001
    """Format the aware ``instant`` in Java zone ``tz``, e.g. ``2024-01-05T10:00:00Z``."""
    return cached_formatter(pattern)(instant, tz)


def parse(pattern: str, text: str, tz: str, *, strict: bool = True) -> datetime:
    """Parse ``text`` in zone ``tz`` to an aware UTC datetime or raise ``ParseError``."""
    return cached(pattern).parse(text, tz, strict=strict)
