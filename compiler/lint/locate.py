"""Turn JSON Pointers into lines and columns, even inside an encoded string.

``event.poller.configuration`` may be a JSON-encoded string. Findings inside
it point *into the string*: the inner JSON is mapped on its own, and each
inner offset is walked through the string literal's escapes to a position in
the file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..load.positions import SourceMap, Span, json_source_map, yaml_source_map
from ..pointer import resolve, split
from .context import POLLER_POINTER

__all__ = ["Locator"]

_SIMPLE_ESCAPES = {"n", "t", "r", "b", "f", '"', "\\", "/", "'", "0", "a", "e", "v", " "}


def _raw_offset(text: str, start: int, decoded_offset: int) -> int:
    """Offset in ``text`` of decoded character ``decoded_offset`` of the literal at ``start``."""
    quote = text[start] if start < len(text) else ""
    if quote and quote in "|>":
        return _block_offset(text, start, decoded_offset)
    if not quote or quote not in "\"'":
        return start + decoded_offset  # a plain YAML scalar has no escapes
    if (quote * 2 if quote == "'" else "\\") not in text[start + 1 : start + 1 + decoded_offset]:
        return min(start + 1 + decoded_offset, len(text))  # no escape before it: 1 char each
    pos, seen = start + 1, 0
    while seen < decoded_offset and pos < len(text):
        pos += _escape_width(text, pos, quote)
        seen += 1
    return pos


def _escape_width(text: str, pos: int, quote: str) -> int:
    if quote == "'":
        return 2 if text.startswith("''", pos) else 1
    if text[pos] != "\\":
        return 1
    nxt = text[pos + 1 : pos + 2]
    if nxt == "u":
        return 6
    if nxt == "x":
        return 4
    return 2 if nxt in _SIMPLE_ESCAPES else 1


def _block_offset(text: str, start: int, decoded_offset: int) -> int:
    """A YAML block scalar (``|``): decoded lines are source lines minus indent."""
    header_end = text.find("\n", start)
    if header_end == -1:
        return start
    lines = text[header_end + 1 :].split("\n")
    indent = len(lines[0]) - len(lines[0].lstrip(" ")) if lines else 0
    pos, remaining = header_end + 1, decoded_offset
    for line in lines:
        body = len(line) - indent
        if remaining <= body:
            return pos + indent + remaining
        remaining -= body + 1
        pos += len(line) + 1
    return start


@dataclass
class Locator:
    """Positions for one document; source maps are built on first use."""

    text: str
    fmt: str
    data: Any
    _outer: SourceMap | None = None
    _inner: dict[str, SourceMap | None] = field(default_factory=dict)
    _wanted: set[str] | None = None
    node: Any = None  #: the YAML node loading composed, if any

    def want(self, pointers: Iterable[str]) -> None:
        """Only these pointers will be located: a JSON map need not cover the rest."""
        self._wanted = {*pointers, POLLER_POINTER}

    @property
    def outer(self) -> SourceMap:
        if self._outer is None:
            if self.fmt == "json":
                self._outer = json_source_map(self.text, self._wanted)
            else:
                self._outer = yaml_source_map(self.text, self.node)
        return self._outer

    def _inner_map(self) -> SourceMap | None:
        if POLLER_POINTER not in self._inner:
            try:
                raw = resolve(self.data, split(POLLER_POINTER))
                self._inner[POLLER_POINTER] = json_source_map(raw) if isinstance(raw, str) else None
            except (LookupError, ValueError, IndexError):
                self._inner[POLLER_POINTER] = None
        return self._inner[POLLER_POINTER]

    def _span(self, pointer: str) -> Span | None:
        spans = self.outer.spans
        while pointer not in spans and pointer:
            pointer = pointer.rsplit("/", 1)[0]
        return spans.get(pointer)

    def locate(
        self, pointer: str, at_key: bool = False, offset: int | None = None
    ) -> tuple[int, int]:
        """1-based (line, column) for ``pointer`` (its key, or ``offset`` into its string)."""
        inner = self._inner_map() if pointer.startswith(POLLER_POINTER + "/") else None
        if inner is not None:
            return self._locate_inner(inner, pointer[len(POLLER_POINTER) :], at_key, offset)
        span = self._span(pointer)
        if span is None:
            return 1, 1
        if at_key and span.key_start is not None:
            return self.outer.line_col(span.key_start)
        if offset is not None:
            return self.outer.line_col(_raw_offset(self.text, span.value_start, offset))
        return self.outer.line_col(span.value_start)

    def _locate_inner(
        self, inner: SourceMap, rest: str, at_key: bool, offset: int | None
    ) -> tuple[int, int]:
        span = inner.spans.get(rest)
        while span is None and rest:
            rest = rest.rsplit("/", 1)[0]
            span = inner.spans.get(rest)
        if span is None:
            return self.locate(POLLER_POINTER)
        decoded = span.key_start if at_key and span.key_start is not None else span.value_start
        if offset is not None and not at_key:
            decoded = _raw_offset(inner.text, span.value_start, offset)
        return self.locate(POLLER_POINTER, offset=decoded)

    def poller_syntax_error(self) -> tuple[str, int] | None:
        """(message, offset) when the encoded poller configuration is not JSON."""
        try:
            raw = resolve(self.data, split(POLLER_POINTER))
        except (LookupError, ValueError, IndexError):
            return None
        if not isinstance(raw, str):
            return None
        try:
            json.loads(raw)
        except json.JSONDecodeError as exc:
            return f"the encoded event.poller.configuration is not valid JSON: {exc.msg}", exc.pos
        return None
