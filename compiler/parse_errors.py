"""S0xx: what can go wrong before a document exists, as findings.

Also the safe YAML loader: no object tags, no timestamps (a date would not be
JSON), duplicate keys noticed, and alias expansion bounded so a
"billion laughs" document is refused instead of eating the machine.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from .findings import Finding, Severity

__all__ = [
    "LoadRefused",
    "load_yaml",
    "lone_surrogate",
    "nests_too_deeply",
    "reject_constant",
    "to_finding",
]

_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_EXPANDED_NODES = 100_000
MAX_FLOW_DEPTH = 1_000
#: an instance config nests about six levels; the schema validator gives up at 255
MAX_NESTING = 100
_BRACKETS = re.compile(r"[\[\]{}]")

CODES = {
    "S001": "syntax-error",
    "S002": "duplicate-key",
    "S003": "unreadable-file",
    "S004": "encoding-error",
    "S005": "binary-file",
    "S006": "empty-file",
    "S007": "file-too-large",
    "S008": "unsafe-yaml",
    "S009": "poller-configuration-syntax",
    "S010": "nesting-too-deep",
}


class DuplicateKeys(Exception):
    """A mapping repeats a key (located later, by the source map)."""


class LoadRefused(Exception):
    """The document is refused before construction (unsafe or too large)."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.line, self.column = line, column


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


def load_yaml(text: str) -> tuple[Any, bool]:
    """Safely load one YAML document; returns (data, has duplicate keys)."""
    _check_flow_depth(text)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, False
        _expanded_size(node, {}, set())
        return loader.construct_document(node), loader.duplicates
    finally:
        loader.dispose()


def finding(path: str, code: str, message: str, line: int = 1, column: int = 1) -> Finding:
    return Finding(path, line, column, code, CODES[code], Severity.ERROR, message, "")


_YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _end_of(text: str) -> tuple[int, int]:
    """(line, column) of the end of ``text``, counting lines as libyaml does."""
    breaks = list(_YAML_BREAK.finditer(text))
    start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, len(text) - start + 1


def _yaml_finding(path: str, text: str, exc: yaml.YAMLError) -> Finding:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if line > text.count("\n") + 1 and (line, column) > (end := _end_of(text)):
        line, column = end  # libyaml's end mark sits past a missing final newline
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"{context}: {problem}" if context else str(problem)
    if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in message:
        return finding(path, "S008", f"unsafe YAML: {message}", line, column)
    return finding(path, "S001", f"invalid YAML: {message}", line, column)


def to_finding(path: str, text: str, exc: Exception) -> Finding:
    """A parse failure as a finding at its real line and column."""
    if isinstance(exc, LoadRefused):
        return finding(path, "S008", str(exc), exc.line, exc.column)
    if isinstance(exc, json.JSONDecodeError):
        return finding(path, "S001", f"invalid JSON: {exc.msg}", exc.lineno, exc.colno)
    if isinstance(exc, yaml.YAMLError):
        return _yaml_finding(path, text, exc)
    return finding(path, "S001", f"cannot parse: {exc}")


# Python's json module accepts these words; JSON (and Cloud Elements) does not.
_CONSTANT = re.compile(r'"(?:[^"\\]|\\.)*"|(-?(?:NaN|Infinity))')


def reject_constant(text: str) -> Any:
    """A ``json.loads`` ``parse_constant`` hook: ``NaN`` is an error at its position."""

    def hook(name: str) -> Any:
        found = (m for m in _CONSTANT.finditer(text) if m.group(1))
        pos = next((m.start(1) for m in found), 0)
        raise json.JSONDecodeError(f"{name} is not a JSON value", text, pos)

    return hook


# An escaped UTF-16 surrogate (`\ud800`), possibly escaped again inside the encoded poller.
_SURROGATE = re.compile(r"\\+[uU]0{0,4}[dD][89a-fA-F][0-9a-fA-F]{2}")


def _has_lone_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        if value.isascii():
            return False
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(_has_lone_surrogate(k) or _has_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_lone_surrogate(v) for v in value)
    return False


def _decoded_strings(value: Any) -> Any:
    """``value`` with every JSON-encoded string decoded (the poller configuration)."""
    if isinstance(value, dict):
        return [_decoded_strings(v) for v in value.values()]
    if isinstance(value, list):
        return [_decoded_strings(v) for v in value]
    if isinstance(value, str) and value.lstrip().startswith(("{", "[")):
        try:
            return [value, json.loads(value)]
        except (ValueError, RecursionError):
            return value
    return value


_DEEP = object()


def _decode_nested(value: str) -> Any:
    try:
        return json.loads(value)
    except RecursionError:
        return _DEEP
    except ValueError:
        return None  # not JSON after all (S009 reports it for the poller)


def nests_too_deeply(text: str, data: Any) -> bool:
    """Whether ``data`` (JSON-encoded strings included) nests past ``MAX_NESTING``.

    Later stages (the Rust schema validator, the source maps) recurse through
    the document, so depth is bounded here, iteratively. A text with few
    brackets and lines cannot be that deep, so most files skip the walk.
    """
    if text.count("\n") + text.count("[") + text.count("{") <= MAX_NESTING:
        return False
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_NESTING or value is _DEEP:
            return True
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
        elif isinstance(value, str) and value.lstrip().startswith(("{", "[")):
            stack.append((_decode_nested(value), depth + 1))
    return False


def lone_surrogate(path: str, text: str, data: Any) -> Finding | None:
    """An escaped lone surrogate: legal JSON syntax, but no Unicode text, so refused."""
    match = _SURROGATE.search(text)
    if match is None or not _has_lone_surrogate(_decoded_strings(data)):
        return None
    line = text.count("\n", 0, match.start()) + 1
    column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    message = f"`{match.group()}` is half of a UTF-16 pair, not a character; remove it"
    return finding(path, "S004", message, line, column)


def empty(path: str) -> Finding:
    return finding(path, "S006", "the file is empty")


def too_deep(path: str) -> Finding:
    return finding(path, "S010", "the document nests too deeply to be an instance config")


def binary(path: str) -> Finding:
    return finding(path, "S005", "the file is binary (it contains NUL bytes), not JSON or YAML")


def too_large(path: str, size: int, limit: int) -> Finding:
    return finding(path, "S007", f"the file is larger than the {limit // 1024 // 1024} MiB limit")


def unreadable(path: str, exc: OSError) -> Finding:
    return finding(path, "S003", f"cannot read the file: {exc.strerror or exc}")


def not_utf8(path: str, raw: bytes, exc: UnicodeDecodeError) -> Finding:
    before = raw[: exc.start]
    line = before.count(b"\n") + 1
    column = exc.start - (before.rfind(b"\n") + 1) + 1
    return finding(
        path, "S004", f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x})", line, column
    )
