"""S0xx: what can go wrong before a document exists, as findings.

The parsers (``json`` here, the safe YAML loader in ``yaml_safe``) raise;
``failures`` sits above both and turns what they raise into findings.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..findings import Finding
from .codes import LOAD_CODES

__all__ = [
    "LoadRefused",
    "lone_surrogate",
    "nests_too_deeply",
    "reject_constant",
]

MAX_NESTING = 100

class DuplicateKeys(Exception):
    """A mapping repeats a key (located later, by the source map)."""


class LoadRefused(Exception):
    """The document is refused before construction (unsafe or too large)."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.line, self.column = line, column


def finding(path: str, code: str, message: str, line: int = 1, column: int = 1) -> Finding:
    doc = LOAD_CODES[code]
    return Finding(path, line, column, code, doc.name, doc.severity, message, "")


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


def nests_too_deeply(text: str, data: Any, fmt: str = "yaml") -> bool:
    """Whether ``data`` (JSON-encoded strings included) nests past ``MAX_NESTING``.

    Later stages (the Rust schema validator, the source maps) recurse through
    the document, so depth is bounded here, iteratively. A text with few
    brackets (and, for YAML, lines) cannot be that deep, so most files skip the
    walk: JSON nests only through brackets, nested JSON strings' included.
    """
    lines = text.count("\n") if fmt != "json" else 0
    if lines + text.count("[") + text.count("{") <= MAX_NESTING:
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
    if "\\u" not in text and "\\U" not in text:  # no escape at all: skip the regex scan
        return None
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
