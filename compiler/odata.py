"""CEQL ``where`` -> Sage 200 OData ``$filter``: a pure translation, shared by compile and run.

Sage 200's ``$filter`` is an OData subset: ``eq ne gt ge lt le``, ``and``/``or``
and brackets; strings in single quotes; date-times **unquoted and ending in
``Z``** ("when including the time, you must specify the UTC timezone"),
date-only literals unquoted. So::

    date_time_updated>='${gmtDate:...}'  ->  date_time_updated ge <instant, UTC, Z>
    reference='ACME' OR balance>1000     ->  reference eq 'ACME' or balance gt 1000

A placeholder must be a whole value (quoted or not); the runtime writes its
instant in UTC with :func:`utc_literal`, whatever the pattern's zone. What has
no faithful OData form (``LIKE``, a placeholder inside other text, a field
name OData cannot spell) raises :class:`ODataError`: a compile-time error is
better than a query that silently asks for something else.

Leaf module: it imports nothing from the package, so ``runtime`` may use it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

__all__ = ["ODataError", "ODataFilter", "Slot", "translate", "utc_literal"]

_SENTINEL = re.compile(r"\x00(\d+)\x00")
_TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<ph>\x00\d+\x00)|(?P<num>-?\d+(?:\.\d+)?)(?![\w-])"
    r"|(?P<op>>=|<=|!=|<>|=|<|>|\(|\)|,)|(?P<bt>`[^`]*`)|(?P<word>[A-Za-z_][\w.]*))"
)
_FIELD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?"
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_OPS = {"=": "eq", "!=": "ne", "<>": "ne", ">": "gt", ">=": "ge", "<": "lt", "<=": "le"}


class ODataError(ValueError):
    """The where clause has no faithful Sage 200 ``$filter`` form."""


@dataclass(frozen=True)
class Slot:
    """Where placeholder number ``index`` goes: its instant, written by :func:`utc_literal`."""

    index: int


@dataclass(frozen=True)
class ODataFilter:
    """A translated filter: text and placeholder slots, in order."""

    parts: tuple[str | Slot, ...]

    def render(self, values: Sequence[str]) -> str:
        """The ``$filter`` text with slot ``n`` replaced by ``values[n]``."""
        return "".join(p if isinstance(p, str) else values[p.index] for p in self.parts)

    @property
    def slots(self) -> int:
        return sum(1 for p in self.parts if isinstance(p, Slot))


def utc_literal(instant: datetime) -> str:
    """An aware instant as Sage's filter wants it: ``2026-01-01T00:00:00Z`` (ms if any)."""
    if instant.tzinfo is None:
        raise ValueError("instant must be timezone-aware")
    utc = instant.astimezone(UTC)
    text = utc.strftime("%Y-%m-%dT%H:%M:%S")
    millis = utc.microsecond // 1000
    return f"{text}.{millis:03d}Z" if millis else text + "Z"


def translate(parts: Sequence[str | int]) -> ODataFilter:
    """Translate a where clause given as literal text and placeholder numbers.

    ``["date_time_updated>='", 0, "'"]`` is the clause with placeholder 0 as the
    whole quoted value. Raises :class:`ODataError`.
    """
    text = "".join(p if isinstance(p, str) else f"\x00{p}\x00" for p in parts)
    if any(isinstance(p, str) and "\x00" in p for p in parts):
        raise ODataError("the where clause contains a NUL character")
    parser = _Parser(text)
    out = parser.expr()
    if parser.peek()[0] != "end":
        raise ODataError(f"unexpected {parser.peek()[1]!r} in the where clause")
    return ODataFilter(tuple(_merge(out)))


def _merge(parts: list[str | Slot]) -> list[str | Slot]:
    merged: list[str | Slot] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        else:
            merged.append(part)
    return merged


class _Parser:
    def __init__(self, text: str) -> None:
        self.toks = _tokens(text)
        self.i = 0

    def peek(self) -> tuple[str, str]:
        return self.toks[self.i] if self.i < len(self.toks) else ("end", "")

    def take(self) -> tuple[str, str]:
        tok = self.peek()
        self.i += 1
        return tok

    def keyword(self, word: str) -> bool:
        kind, text = self.peek()
        if kind == "word" and text.upper() == word:
            self.i += 1
            return True
        return False

    def expr(self) -> list[str | Slot]:
        terms = [self.term()]
        while self.keyword("OR"):
            terms.append(self.term())
        return _join(terms, " or ", wrap=False)

    def term(self) -> list[str | Slot]:
        factors = [self.factor()]
        while self.keyword("AND"):
            factors.append(self.factor())
        return _join(factors, " and ", wrap=False)

    def factor(self) -> list[str | Slot]:
        if self.peek() == ("op", "("):
            self.take()
            inner = self.expr()
            if self.take() != ("op", ")"):
                raise ODataError("a bracket is not closed in the where clause")
            return ["(", *inner, ")"]  # the user's brackets, kept as written
        field = self.field()
        if self.keyword("IS"):
            negate = self.keyword("NOT")
            if not self.keyword("NULL"):
                raise ODataError("expected NULL after IS")
            return [f"{field} {'ne' if negate else 'eq'} null"]
        negate = self.keyword("NOT")
        if negate or self.keyword("LIKE"):
            raise ODataError(
                f"{field}: LIKE has no $filter form on every Sage 200 edition "
                "(contains/startswith need a 2017+ release); use eq/ne/gt/ge/lt/le"
            )
        if self.keyword("IN"):
            return self.in_list(field)
        kind, op = self.take()
        if kind != "op" or op not in _OPS:
            raise ODataError(f"expected a comparison after {field!r}")
        return [f"{field} {_OPS[op]} ", *self.value(field)]

    def in_list(self, field: str) -> list[str | Slot]:
        if self.take() != ("op", "("):
            raise ODataError(f"expected ( after {field} IN")
        values = [[f"{field} eq ", *self.value(field)]]
        while self.peek() == ("op", ","):
            self.take()
            values.append([f"{field} eq ", *self.value(field)])
        if self.take() != ("op", ")"):
            raise ODataError(f"expected ) to close {field} IN (...)")
        return _join(values, " or ", wrap=len(values) > 1)

    def field(self) -> str:
        kind, text = self.take()
        if kind not in ("word", "bt"):
            raise ODataError(f"expected a field name, got {text!r}")
        name = text.strip("`")
        if not _FIELD.fullmatch(name):
            raise ODataError(f"field {name!r} cannot be named in a Sage 200 $filter")
        return name

    def value(self, field: str) -> list[str | Slot]:
        kind, text = self.take()
        if kind == "ph":
            return [Slot(int(text.strip("\x00")))]
        if kind == "num":
            return [text]
        if kind != "str":
            raise ODataError(f"expected a value after {field}, got {text!r}")
        inner = text[1:-1].replace("''", "'")
        whole = _SENTINEL.fullmatch(inner)
        if whole:
            return [Slot(int(whole.group(1)))]
        if _SENTINEL.search(inner):
            raise ODataError(
                f"{field}: a placeholder must be the whole value to become a UTC date-time"
            )
        return [_literal(field, inner)]


def _literal(field: str, value: str) -> str:
    if _DATETIME.fullmatch(value):
        instant = datetime.fromisoformat(value.replace("Z", "+00:00"))
        # Sage 200 reads a time without a zone as UTC and refuses it without Z.
        return utc_literal(instant if instant.tzinfo else instant.replace(tzinfo=UTC))
    if _DATE.fullmatch(value) and "date" in field.lower():
        return value  # OData date literals are unquoted
    return "'" + value.replace("'", "''") + "'"


def _join(items: list[list[str | Slot]], sep: str, wrap: bool) -> list[str | Slot]:
    out: list[str | Slot] = ["("] if wrap else []
    for n, item in enumerate(items):
        if n:
            out.append(sep)
        out.extend(item)
    if wrap:
        out.append(")")
    return out


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos, end = 0, len(text.rstrip())
    while pos < end:
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            raise ODataError(f"unexpected text at {pos + 1}: {text[pos:pos + 20]!r}")
        kind = match.lastgroup or ""
        out.append((kind, match.group(kind)))
        pos = match.end()
    return out
