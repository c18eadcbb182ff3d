"""Format-preserving edits: set one value in JSON or YAML text, touch nothing else.

An ``Edit(pointer, value)`` replaces the value at an RFC 6901 pointer, or adds
the member when its parent object exists but the key does not. Only the bytes
of that value change: formatting, key order and YAML comments elsewhere stay
exactly as they were, because every edit is a splice at the value's span
(``positions`` maps pointers to spans) rather than a re-dump of the document.

A pointer may pass *through* a string that holds JSON (Cloud Elements stores
``event.poller.configuration`` that way): the string is decoded, edited with
the same rules, and written back in its original quoting style.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ..findings import Edit
from ..load.positions import SourceMap, json_source_map, yaml_source_map
from ..pointer import join, resolve, split
from . import value_text as render_text

__all__ = ["EditError", "apply_edit", "apply_edits"]


class EditError(Exception):
    """The edit cannot be applied to this document."""


def apply_edits(text: str, fmt: str, edits: Iterable[Edit]) -> str:
    """``text`` with every edit applied in order (each sees the previous result)."""
    for edit in edits:
        text = apply_edit(text, fmt, edit)
    return text


def apply_edit(text: str, fmt: str, edit: Edit) -> str:
    """``text`` with one edit applied; raises ``EditError`` when it cannot be."""
    if "\r\n" in text and text.count("\r\n") == text.count("\n"):
        # A CRLF file stays CRLF: edit with LF, convert back (lossless when uniform).
        return _apply_edit(text.replace("\r\n", "\n"), fmt, edit).replace("\n", "\r\n")
    return _apply_edit(text, fmt, edit)


def _apply_edit(text: str, fmt: str, edit: Edit) -> str:
    data, smap = _parse(text, fmt)
    tokens = split(edit.pointer)
    embedded = _embedded_prefix(data, tokens)
    if embedded is not None:
        return _edit_embedded(text, fmt, data, tokens[:embedded], tokens[embedded:], edit.value)
    pointer = join("", *tokens)
    if pointer in smap.spans:
        return _replace(text, fmt, smap, pointer, edit.value)
    return _insert(text, fmt, data, smap, tokens, edit.value)


def _parse(text: str, fmt: str) -> tuple[Any, SourceMap]:
    try:
        smap = json_source_map(text) if fmt == "json" else yaml_source_map(text)
        data = json.loads(text) if fmt == "json" else render_text.load_yaml(text)
    except Exception as exc:  # any parser error means: not editable
        raise EditError(f"cannot parse the document: {exc}") from exc
    return data, smap


def _embedded_prefix(data: Any, tokens: list[str]) -> int | None:
    """How many tokens lead to a JSON-holding string the pointer goes through."""
    node = data
    for index, token in enumerate(tokens):
        if isinstance(node, str):
            return index
        try:
            node = resolve(node, [token])
        except (LookupError, ValueError):
            return None
    return None


def _edit_embedded(
    text: str, fmt: str, data: Any, outer: list[str], inner: list[str], value: object
) -> str:
    encoded = resolve(data, outer)
    try:
        json.loads(encoded)
    except ValueError as exc:
        raise EditError(f"{join('', *outer)} is a string that does not hold JSON") from exc
    new_inner = apply_edit(encoded, "json", Edit(join("", *inner), value))
    return apply_edit(text, fmt, Edit(join("", *outer), new_inner))


def _replace(text: str, fmt: str, smap: SourceMap, pointer: str, value: object) -> str:
    span = smap.spans[pointer]
    start, end = span.value_start, span.value_end
    if fmt == "json":
        key = span.key_start
        colon = ": " if key is None else render_text.colon_of(text, key, start)
        new = render_text.json_value(value, render_text.line_indent(text, start), text, colon)
    else:
        end = render_text.yaml_content_end(text, smap, pointer)
        flow = render_text.in_flow(text, smap, pointer)
        new = render_text.yaml_value(value, text, start, end, flow)
        block = isinstance(value, dict | list) and value and not new.startswith(("{", "["))
        if span.key_start is not None and "\n" not in new and not block:
            start, new = _beside_key(text, span.key_start, start, new)
    return text[:start] + new + text[end:]


def _beside_key(text: str, key: int, start: int, new: str) -> tuple[int, str]:
    """Keep a one-line value that replaces a block on the following lines valid YAML.

    ``key:`` followed by ``- item`` lines at the key's own indentation is a block
    sequence; a scalar written there would read as the next key. It goes after
    the colon instead (or, behind a comment, one indent deeper than the key).
    """
    key_line_end = text.find("\n", key)
    if key_line_end == -1 or key_line_end > start:
        return start, new  # the value already sits on the key's line
    head = text[key:key_line_end].rstrip()
    if head.endswith(":"):
        return key + len(head), " " + new
    key_column = key - render_text.line_start(text, key)
    if start - render_text.line_start(text, start) <= key_column:
        return start, render_text.indent_unit(text) + new
    return start, new


def _insert(
    text: str, fmt: str, data: Any, smap: SourceMap, tokens: list[str], value: object
) -> str:
    if not tokens:
        raise EditError("cannot insert at the document root")
    parent_ptr = join("", *tokens[:-1])
    try:
        parent = resolve(data, tokens[:-1])
    except (LookupError, ValueError) as exc:
        raise EditError(f"{parent_ptr or '/'} does not exist") from exc
    if not isinstance(parent, dict):
        raise EditError(f"{parent_ptr or '/'} is not an object; cannot add {tokens[-1]!r}")
    members = [join(parent_ptr, key) for key in parent]
    if fmt == "json":
        return render_text.json_insert(text, smap, parent_ptr, members, tokens[-1], value)
    return render_text.yaml_insert(text, smap, parent_ptr, members, tokens[-1], value)
