"""Source maps: JSON Pointer -> (line, column), built only for files with findings.

The fast path parses with the C parsers, which keep no positions. When a file
has something to report, its text is scanned once more here. The same scan
finds duplicate keys, which ``json.loads`` and YAML loaders silently collapse.

Offsets are 0-based character offsets into the text; ``Location`` converts to
the 1-based line and column that users see.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

# The C string scanner behind json.loads: it returns the decoded string and its end.
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import TYPE_CHECKING, Any, NamedTuple

from ..pointer import escape, join

if TYPE_CHECKING:
    import yaml

__all__ = ["Span", "SourceMap", "json_source_map", "yaml_source_map"]

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_LITERALS = ("true", "false", "null")
_BLANK = frozenset(" \t\n\r")
_YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_ODD_BREAK = re.compile("\r(?!\n)|[\x85\u2028\u2029]")


class Span(NamedTuple):
    """Where a value (and its key, for object members) sits in the text.

    A named tuple: source maps make one per value, a hundred thousand a run.
    """

    value_start: int
    value_end: int
    key_start: int | None = None


@dataclass
class SourceMap:
    text: str
    spans: dict[str, Span] = field(default_factory=dict)
    duplicates: list[str] = field(default_factory=list)  # pointers of repeated keys
    _line_starts: list[int] | None = None
    _yaml_starts: list[int] | None = None

    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        return self._line_starts

    @property
    def yaml_starts(self) -> list[int]:
        """Line starts as libyaml counts lines (see :meth:`offset`)."""
        if self._yaml_starts is None:
            breaks = _YAML_BREAK.finditer(self.text) if _ODD_BREAK.search(self.text) else ()
            self._yaml_starts = [0] + [m.end() for m in breaks] if breaks else self.line_starts
        return self._yaml_starts

    def offset(self, mark: yaml.Mark) -> int:
        """Offset of a YAML mark, from its line and column (libyaml indexes bytes).

        libyaml also breaks lines at a lone CR, NEL, LS and PS, so its line numbers
        are looked up in its own table (they match ``line_starts`` in ordinary files).
        A stream's end mark sits on the line after a missing final newline.
        """
        starts = self.yaml_starts
        if mark.line >= len(starts):
            return len(self.text)
        return starts[mark.line] + mark.column

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a 0-based offset."""
        starts = self.line_starts
        line = max(bisect_right(starts, offset) - 1, 0)
        return line + 1, offset - starts[line] + 1


_SKIPPER = json.JSONDecoder()


def _paths_to(wanted: Iterable[str]) -> dict[str, set[str]]:
    """pointer -> the child tokens on the way to some wanted pointer."""
    ways: dict[str, set[str]] = {}
    for pointer in wanted:
        tokens = pointer.split("/")
        for depth in range(1, len(tokens)):
            ways.setdefault("/".join(tokens[:depth]), set()).add(tokens[depth])
    return ways


class _JsonScanner:
    """A recursive-descent walk over text that ``json.loads`` already accepted.

    With ``ways`` it only descends towards the wanted pointers and skips every
    other value with the C decoder, so placing a few findings in a huge file
    does not cost a Python walk over all of it.
    """

    def __init__(self, text: str, smap: SourceMap, ways: dict[str, set[str]] | None) -> None:
        self.text = text
        self.smap = smap
        self.ways = ways

    def skip(self, pos: int) -> int:
        if self.text[pos : pos + 1] not in _BLANK:  # often no whitespace at all
            return pos
        return _WS.match(self.text, pos).end()  # type: ignore[union-attr]

    def value(self, pos: int, pointer: str, key_start: int | None) -> int:
        pos = self.skip(pos)
        char = self.text[pos]
        if char == "{":
            end = self.container(pos, pointer, self.member, "}")
        elif char == "[":
            end = self.container(pos, pointer, self.item, "]")
        elif char == '"':
            end = scanstring(self.text, pos + 1)[1]
        else:
            end = self.scalar(pos)
        self.smap.spans[pointer] = Span(pos, end, key_start)
        return end

    def scalar(self, pos: int) -> int:
        for literal in _LITERALS:
            if self.text.startswith(literal, pos):
                return pos + len(literal)
        match = _NUMBER.match(self.text, pos)
        if match is None:
            raise ValueError(f"unexpected character at {pos}")
        return match.end()

    def container(self, pos: int, pointer: str, step: object, close: str) -> int:
        pos = self.skip(pos + 1)
        if self.text[pos] == close:
            return pos + 1
        seen: set[str] = set()
        index = 0
        while True:
            pos = step(pos, pointer, seen, index)  # type: ignore[operator]
            index += 1
            pos = self.skip(pos)
            if self.text[pos] == close:
                return pos + 1
            pos = self.skip(pos + 1)  # the comma

    def _skipped(self, pos: int, pointer: str, token: str) -> int | None:
        """End of the value at ``pos`` when it is off the wanted paths, else None."""
        if self.ways is None or escape(token) in self.ways.get(pointer, ()):
            return None
        return int(_SKIPPER.raw_decode(self.text, self.skip(pos))[1])

    def member(self, pos: int, pointer: str, seen: set[str], _index: int) -> int:
        key, after = scanstring(self.text, pos + 1)
        colon = self.skip(after)
        if (end := self._skipped(colon + 1, pointer, key)) is not None:
            return end
        child = join(pointer, key)
        if key in seen:
            self.smap.duplicates.append(child)
        seen.add(key)
        return self.value(colon + 1, child, pos)

    def item(self, pos: int, pointer: str, _seen: set[str], index: int) -> int:
        if (end := self._skipped(pos, pointer, str(index))) is not None:
            return end
        return self.value(pos, join(pointer, index), None)


def json_source_map(text: str, wanted: Iterable[str] | None = None) -> SourceMap:
    """Spans for the pointers of a JSON text that ``json.loads`` accepts.

    ``wanted`` limits the walk to those pointers (and their ancestors); without
    it every pointer is mapped and every duplicate key found.
    """
    smap = SourceMap(text)
    _JsonScanner(text, smap, None if wanted is None else _paths_to(wanted)).value(0, "", None)
    return smap


def _walk_yaml(root: yaml.Node, smap: SourceMap) -> None:
    """Every node's span, walked with a stack (hot: one call per value of the file)."""
    import yaml

    mapping, sequence = yaml.MappingNode, yaml.SequenceNode
    starts, end, spans = smap.yaml_starts, len(smap.text), smap.spans
    lines = len(starts)

    def at(mark: yaml.Mark) -> int:
        return starts[mark.line] + mark.column if mark.line < lines else end

    stack: list[tuple[yaml.Node, str, yaml.Node | None]] = [(root, "", None)]
    while stack:
        node, pointer, key = stack.pop()
        key_start = at(key.start_mark) if key is not None else None
        spans[pointer] = Span(at(node.start_mark), at(node.end_mark), key_start)
        kind = type(node)
        if kind is mapping or isinstance(node, mapping):
            seen: set[str] = set()
            children = []
            for key_node, value_node in node.value:
                name = str(key_node.value)
                child = join(pointer, name)
                if name in seen:
                    smap.duplicates.append(child)
                seen.add(name)
                children.append((value_node, child, key_node))
            stack.extend(reversed(children))
        elif kind is sequence or isinstance(node, sequence):
            items = [(item, join(pointer, i), None) for i, item in enumerate(node.value)]
            stack.extend(reversed(items))


def yaml_source_map(text: str, node: Any = None) -> SourceMap:
    """Spans for every pointer of a YAML text (composed with libyaml when present).

    ``node`` is the text's node as loading composed it, which saves composing
    it again.
    """
    smap = SourceMap(text)
    import yaml  # only YAML files pay for PyYAML

    if node is None:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if node is not None:
        _walk_yaml(node, smap)
    return smap
