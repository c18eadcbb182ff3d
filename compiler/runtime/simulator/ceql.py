"""CEQL ``where`` clauses, as the Cloud Elements hub accepts them.

Grammar (case-insensitive keywords)::

    expr   := term ("OR" term)*
    term   := factor ("AND" factor)*
    factor := "(" expr ")" | field op value | field "IS" ["NOT"] "NULL"
            | field ["NOT"] "LIKE" 'text' | field "IN" "(" value ("," value)* ")"
    op     := = | != | <> | < | <= | > | >=

Values are 'quoted' (with '' for a quote) or numbers; fields may be
`backticked`. Date fields compare as instants: a literal is ISO-8601, UTC
when it has no offset (Sage 200's own rule), or epoch milliseconds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ...scanner import Cursor, tokenize

__all__ = [
    "CeqlError", "Node", "is_lower_bound_only", "lower_bound", "matches", "parse",
    "parse_instant_ms",
]

_TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<num>-?\d+(?:\.\d+)?)(?![\w-])"
    r"|(?P<op>>=|<=|!=|<>|=|<|>|\(|\)|,)|(?P<bt>`[^`]*`)|(?P<word>[A-Za-z_][\w.]*))"
)


class CeqlError(ValueError):
    """The where clause is not valid CEQL."""


@dataclass(frozen=True)
class Node:
    """``kind`` is or/and (``args`` are nodes) or cmp/null/notnull/like/notlike/in."""

    kind: str
    args: tuple[Any, ...]


def parse_instant_ms(text: str) -> int:
    """An ISO-8601 literal (UTC without offset) or epoch ms, as epoch ms."""
    if re.fullmatch(r"-?\d{10,}", text):
        return int(text)
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise CeqlError(f"not a date/time literal: {text!r}") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return int(value.timestamp() * 1000)



def _unexpected(pos: int, text: str) -> CeqlError:
    return CeqlError(f"unexpected text at {pos + 1}: {text[pos:pos + 20]!r}")


class _Parser(Cursor):
    def __init__(self, text: str) -> None:
        super().__init__(tokenize(_TOKEN, text, _unexpected))

    def expect(self, text: str) -> None:
        if self.take()[1] != text:
            raise CeqlError(f"expected {text!r}")

    def expr(self) -> Node:
        parts = [self.term()]
        while self.keyword("OR"):
            parts.append(self.term())
        return parts[0] if len(parts) == 1 else Node("or", tuple(parts))

    def term(self) -> Node:
        parts = [self.factor()]
        while self.keyword("AND"):
            parts.append(self.factor())
        return parts[0] if len(parts) == 1 else Node("and", tuple(parts))

    def factor(self) -> Node:
        if self.peek() == ("op", "("):
            self.take()
            node = self.expr()
            self.expect(")")
            return node
        kind, field = self.take()
        if kind not in ("word", "bt"):
            raise CeqlError(f"expected a field name, got {field!r}")
        field = field.strip("`")
        if self.keyword("IS"):
            negate = self.keyword("NOT")
            if not self.keyword("NULL"):
                raise CeqlError("expected NULL after IS")
            return Node("notnull" if negate else "null", (field,))
        negate = self.keyword("NOT")
        if self.keyword("LIKE"):
            return Node("notlike" if negate else "like", (field, self.value()))
        if self.keyword("IN"):
            self.expect("(")
            values = [self.value()]
            while self.peek() == ("op", ","):
                self.take()
                values.append(self.value())
            self.expect(")")
            return Node("in", (field, tuple(values)))
        kind, op = self.take()
        if kind != "op" or op in "(),":
            raise CeqlError(f"expected a comparison after {field!r}")
        return Node("cmp", (field, "!=" if op == "<>" else op, self.value()))

    def value(self) -> str | float:
        kind, text = self.take()
        if kind == "str":
            return text[1:-1].replace("''", "'")
        if kind == "num":
            return float(text) if "." in text else int(text)
        raise CeqlError(f"expected a value, got {text!r}")


def parse(text: str) -> Node:
    """Parse a where clause; raises :class:`CeqlError`."""
    parser = _Parser(text)
    node = parser.expr()
    if parser.peek()[0] != "end":
        raise CeqlError(f"unexpected {parser.peek()[1]!r}")
    return node


_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "=": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
}


def _coerce(value: Any, literal: Any, is_date: bool) -> tuple[Any, Any]:
    if is_date:
        return value, parse_instant_ms(str(literal))
    if isinstance(value, int | float) and isinstance(literal, str):
        try:
            return value, float(literal)
        except ValueError:
            return str(value), literal
    if isinstance(value, str) and not isinstance(literal, str):
        return value, str(literal)
    return value, literal


def _like(value: Any, pattern: Any) -> bool:
    regex = "".join(".*" if c == "%" else re.escape(c) for c in str(pattern))
    return value is not None and re.fullmatch(regex, str(value), re.S) is not None


def matches(node: Node, get: Callable[[str], Any], dates: Collection[str]) -> bool:
    """Whether a record (read through ``get``; dates as epoch ms) satisfies ``node``."""
    kind, args = node.kind, node.args
    if kind == "or":
        return any(matches(n, get, dates) for n in args)
    if kind == "and":
        return all(matches(n, get, dates) for n in args)
    value = get(args[0])
    if kind in ("null", "notnull"):
        return (value is None) == (kind == "null")
    if kind in ("like", "notlike"):
        return _like(value, args[1]) == (kind == "like")
    if value is None:
        return False
    if kind == "in":
        return any(_OPS["="](*_coerce(value, v, args[0] in dates)) for v in args[1])
    left, right = _coerce(value, args[2], args[0] in dates)
    try:
        return _OPS[args[1]](left, right)
    except TypeError:
        return False


def lower_bound(node: Node, field: str) -> int | None:
    """The greatest ``field >= x`` / ``field > x`` bound every match obeys, as epoch ms."""
    parts = node.args if node.kind == "and" else (node,)
    bounds = [
        parse_instant_ms(str(p.args[2]))
        for p in parts
        if p.kind == "cmp" and p.args[0] == field and p.args[1] in (">", ">=", "=")
    ]
    return max(bounds) if bounds else None


def is_lower_bound_only(node: Node, field: str) -> bool:
    """Whether ``node`` is exactly ``field >= x`` (what a sorted scan from x answers)."""
    return node.kind == "cmp" and node.args[0] == field and node.args[1] == ">="
