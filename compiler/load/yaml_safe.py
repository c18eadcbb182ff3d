"""The safe YAML loader: YAML in, plain JSON-shaped data out, or a refusal.

No object tags, no timestamps (a date would not be JSON), no bytes or sets,
string keys, duplicate keys noticed, and alias expansion and flow nesting
bounded, so a "billion laughs" or a deeply nested document is refused instead
of eating the machine (libyaml would even segfault on the latter).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from ..findings import Finding
from .problems import LoadRefused, finding

__all__ = ["load_yaml", "yaml_finding"]

_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_EXPANDED_NODES = 100_000
MAX_FLOW_DEPTH = 1_000
_BRACKETS = re.compile(r"[\[\]{}]")
#: an instance config nests about six levels; the schema validator gives up at 255

_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"


class _Loader(_BASE):  # type: ignore[misc, valid-type]
    duplicates = False

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        keys = [k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)]
        if len(set(keys)) != len(keys):
            self.duplicates = True
        # JSON keys are strings: `200: x` or `true: x` keeps its text, as the source map does.
        node.value = [(_str_key(k), v) for k, v in node.value]
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]

    def construct_undefined_json(self, node: yaml.Node) -> None:
        raise yaml.constructor.ConstructorError(
            None, None, f"the tag {_short(node.tag)} has no JSON equivalent", node.start_mark
        )


def _short(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _str_key(key: yaml.Node) -> yaml.Node:
    if not isinstance(key, yaml.ScalarNode) or key.tag in (_STR_TAG, _MERGE_TAG):
        return key
    return yaml.ScalarNode(_STR_TAG, key.value, key.start_mark, key.end_mark, key.style)


# Safe YAML still builds bytes, sets and ordered pairs, which no JSON validator accepts.
for _tag in ("binary", "set", "omap", "pairs"):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _Loader.construct_undefined_json)


# Timestamps would turn `2026-01-01` into a date object that is not JSON.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BASE.yaml_implicit_resolvers.items()
}


def _expanded_size(node: yaml.Node, memo: dict[int, int], active: set[int]) -> int:
    key = id(node)
    if key in memo:
        return memo[key]
    if key in active:
        raise LoadRefused(
            "recursive YAML alias", node.start_mark.line + 1, node.start_mark.column + 1
        )
    active.add(key)
    children: list[yaml.Node] = []
    if isinstance(node, yaml.MappingNode):
        children = [n for pair in node.value for n in pair]
    elif isinstance(node, yaml.SequenceNode):
        children = list(node.value)
    size = 1 + sum(_expanded_size(child, memo, active) for child in children)
    if size > MAX_EXPANDED_NODES and size > 10 * len(memo):
        mark = node.start_mark
        raise LoadRefused(
            f"YAML aliases expand to more than {MAX_EXPANDED_NODES:,} nodes (billion laughs?)",
            mark.line + 1,
            mark.column + 1,
        )
    active.discard(key)
    memo[key] = size
    return size


def _check_flow_depth(text: str) -> None:
    """Refuse deep ``[[[...`` nesting before libyaml recurses through it in C.

    libyaml overflows the C stack (a segfault, not an exception) somewhere past
    twenty thousand levels, so the depth is measured here first.
    """
    if text.count("[") + text.count("{") <= MAX_FLOW_DEPTH:
        return
    depth = 0
    for match in _BRACKETS.finditer(text):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_FLOW_DEPTH:
            raise RecursionError


_INT, _FLOAT = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_BOOL, _NULL = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"
_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"


class _Plain:
    """Data from a document of plain maps, lists and scalars, without PyYAML's
    generic constructor (its bookkeeping is most of the cost of a YAML file).

    Only for texts without aliases or merge keys; any other tag makes
    :meth:`build` return None, and the caller constructs as PyYAML does.
    """

    def __init__(self, loader: _Loader) -> None:
        self.loader = loader
        self.duplicates = False

    def build(self, node: yaml.Node) -> tuple[Any, bool] | None:
        try:
            return self._value(node), self.duplicates
        except _NotPlain:
            return None

    def _value(self, node: yaml.Node) -> Any:
        tag = node.tag
        if tag == _STR_TAG:
            return node.value
        if tag == _MAP:
            return self._mapping(node)
        if tag == _SEQ:
            return [self._value(item) for item in node.value]
        if tag == _INT:
            return self.loader.construct_yaml_int(node)
        if tag == _FLOAT:
            return self.loader.construct_yaml_float(node)
        if tag == _BOOL:
            return self.loader.construct_yaml_bool(node)
        if tag == _NULL:
            return None
        raise _NotPlain

    def _mapping(self, node: yaml.Node) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                raise _NotPlain  # a complex key: PyYAML explains why it is refused
            name = str(key.value)  # `200: x` keeps its text, as the source map does
            if name in result:
                self.duplicates = True
            result[name] = self._value(value)
        return result


class _NotPlain(Exception):
    """The document needs PyYAML's full constructor."""


def load_yaml(text: str) -> tuple[Any, bool]:
    """Safely load one YAML document; returns (data, has duplicate keys)."""
    data, duplicates, _ = load_yaml_node(text)
    return data, duplicates


def load_yaml_node(text: str) -> tuple[Any, bool, yaml.Node | None]:
    """:func:`load_yaml`, plus the composed node when it still maps the text.

    The node is None when merge keys (``<<``) flattened it: its pairs then no
    longer match the source, so positions compose the text afresh.
    """
    _check_flow_depth(text)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, False, None
        if "*" in text or "<<" in text:  # aliases and merges: PyYAML's own constructor
            _expanded_size(node, {}, set())
            data = loader.construct_document(node)
            return data, loader.duplicates, None
        fast = _Plain(loader).build(node)
        if fast is not None:
            return fast[0], fast[1], node
        return loader.construct_document(node), loader.duplicates, node
    finally:
        loader.dispose()


_YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _end_of(text: str) -> tuple[int, int]:
    """(line, column) of the end of ``text``, counting lines as libyaml does."""
    breaks = list(_YAML_BREAK.finditer(text))
    start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, len(text) - start + 1


def _where(mark: Any, text: str) -> tuple[int, int]:
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if line > text.count("\n") + 1 and (line, column) > (end := _end_of(text)):
        line, column = end  # libyaml's end mark sits past a missing final newline
    return line, column


def yaml_finding(path: str, text: str, exc: Exception) -> Finding:
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    line, column = _where(problem_mark or context_mark, text)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"{context}: {problem}" if context else str(problem)
    if context_mark is not None and "end of stream" in str(problem):
        # An unclosed quote or bracket runs to the end of the file; the place
        # to fix is where it opens, so that is the position, and the end second.
        end_line, end_column = line, column
        line, column = _where(context_mark, text)
        message += f" (opened here, still open at line {end_line}, column {end_column})"
    if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in message:
        return finding(path, "S008", f"unsafe YAML: {message}", line, column)
    return finding(path, "S001", f"invalid YAML: {message}", line, column)
