"""Tokenize a SimpleDateFormat pattern exactly as Java's ``SimpleDateFormat.compile`` does.

A pattern is a run of fields (one letter repeated: ``yyyy``) and literals. ASCII letters
are reserved: the 21 letters below are fields, every other ASCII letter is an error.
``'...'`` quotes literal text and ``''`` is one quote, inside or outside quotes.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import PatternError

__all__ = ["LETTERS", "MILLISECONDS", "Field", "Literal", "Token", "tokenize"]

#: Every pattern letter Java 17's SimpleDateFormat accepts.
LETTERS = frozenset("GyYMLwWDdFEuaHkKhmsSzZX")

#: The special non-Java pattern meaning "epoch milliseconds".
MILLISECONDS = "milliseconds"


@dataclass(frozen=True)
class Field:
    """A field: ``letter`` repeated ``count`` times, starting at ``position``."""

    letter: str
    count: int
    position: int


@dataclass(frozen=True)
class Literal:
    """Literal text copied to the output and matched exactly when parsing."""

    text: str
    position: int


Token = Field | Literal


def tokenize(pattern: str, problems: list[PatternError] | None = None) -> list[Token]:
    """Split ``pattern`` into fields and literals; raise ``PatternError`` like Java would.

    With a ``problems`` list, errors are appended there instead and scanning goes on,
    so ``validate`` can report every bad letter at once.
    """
    tokens: list[Token] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "'":
            try:
                i = _quoted(pattern, i, tokens)
            except PatternError as exc:
                if problems is None:
                    raise
                problems.append(exc)
                break
        elif _is_ascii_letter(c):
            j = i
            while j < n and pattern[j] == c:
                j += 1
            error = _field_error(c, j - i, i)
            if error is None:
                tokens.append(Field(c, j - i, i))
            elif problems is None:
                raise error
            else:
                problems.append(error)
            i = j
        else:
            j = i
            while j < n and pattern[j] != "'" and not _is_ascii_letter(pattern[j]):
                j += 1
            _append_literal(tokens, pattern[i:j], i)
            i = j
    return tokens


def _field_error(letter: str, count: int, position: int) -> PatternError | None:
    if letter not in LETTERS:
        return PatternError(f"Illegal pattern character '{letter}'", position)
    if letter == "X" and count > 3:
        return PatternError(f"invalid ISO 8601 format: length={count}", position)
    return None


def _quoted(pattern: str, start: int, tokens: list[Token]) -> int:
    """Consume a quote at ``start`` (either ``''`` or a quoted run); return the next index."""
    if pattern.startswith("''", start):
        _append_literal(tokens, "'", start)
        return start + 2
    text: list[str] = []
    i = start + 1
    while True:
        end = pattern.find("'", i)
        if end < 0:
            raise PatternError("Unterminated quote", start)
        text.append(pattern[i:end])
        if pattern.startswith("''", end):
            text.append("'")
            i = end + 2
            continue
        _append_literal(tokens, "".join(text), start)
        return end + 1


def _append_literal(tokens: list[Token], text: str, position: int) -> None:
    # Adjacent literals merge so the formatter and parser see one run of text.
    if not text:
        return
    last = tokens[-1] if tokens else None
    if isinstance(last, Literal):
        tokens[-1] = Literal(last.text + text, last.position)
    else:
        tokens.append(Literal(text, position))


def _is_ascii_letter(c: str) -> bool:
    return ("a" <= c <= "z") or ("A" <= c <= "Z")
