"""Exceptions raised by the date-pattern engine.

Exception tree::

    DateFormatError          anything this package raises
    ├── PatternError         the pattern itself is invalid (Java: IllegalArgumentException)
    └── ParseError           the text does not match the pattern (Java: ParseException)

Both carry ``position``: a 0-based index into the pattern (``PatternError``) or
into the parsed text (``ParseError``).
"""

from __future__ import annotations

__all__ = ["DateFormatError", "ParseError", "PatternError"]


class DateFormatError(ValueError):
    """Invalid date pattern or date text."""

    def __init__(self, message: str | None = None, position: int = 0) -> None:
        self.message = message or (self.__doc__ or "").strip()
        self.position = position
        super().__init__(self.message)

    def __str__(self) -> str:
        return f"{self.message} (at index {self.position})"


class PatternError(DateFormatError):
    """Invalid SimpleDateFormat pattern."""


class ParseError(DateFormatError):
    """Text does not match the date pattern."""
