"""Render one value as JSON or YAML text that fits where it is spliced in.

Helpers for ``edit``: they look at the surrounding text (indent unit, quoting
style, flow or block) so that a spliced value reads as if written by hand in
the same file. Nothing here re-dumps a whole document.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from ..load.positions import SourceMap

__all__ = [
    "in_flow",
    "indent_unit",
    "colon_of",
    "json_indent_unit",
    "json_insert",
    "json_value",
    "line_indent",
    "load_yaml",
    "yaml_content_end",
    "yaml_insert",
    "yaml_value",
]

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_INDENTED = re.compile(r"^([ \t]+)\S", re.MULTILINE)
_WIDE = 1 << 30  # never fold long lines: folding would rewrap the user's values
_FLOW_UNSAFE = set(",[]{}")


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=_LOADER)


def indent_unit(text: str) -> str:
    """The document's indent step: its first indented line, else two spaces."""
    match = _INDENTED.search(text)
    return match.group(1) if match else "  "


def line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def line_indent(text: str, pos: int) -> str:
    """Leading whitespace of the line holding ``pos``."""
    start = line_start(text, pos)
    line = text[start:pos]
    return line[: len(line) - len(line.lstrip(" \t"))]


def json_indent_unit(text: str) -> str:
    """Like ``indent_unit``, but a multi-line JSON file may use no indent at all."""
    if _INDENTED.search(text) is None and text.strip().count("\n") > 1:
        return ""
    return indent_unit(text)


def json_value(value: object, base: str, text: str, colon: str = ": ") -> str:
    """``value`` as JSON whose continuation lines start at ``base``."""
    if not isinstance(value, dict | list) or not value:
        return json.dumps(value, ensure_ascii=False)
    unit = json_indent_unit(text)
    dumped = json.dumps(value, ensure_ascii=False, indent=unit, separators=(",", colon))
    return dumped.replace("\n", "\n" + base)


def colon_of(text: str, key_start: int, value_start: int) -> str:
    """The text between a member's key and its value, e.g. ``": "`` or ``":"``."""
    key_end = json.decoder.scanstring(text, key_start + 1)[1]  # type: ignore[attr-defined]
    return text[key_end:value_start] or ": "


def json_insert(
    text: str, smap: SourceMap, parent: str, members: list[str], key: str, value: object
) -> str:
    """Add ``key: value`` as the last member of the object at ``parent``."""
    span = smap.spans[parent]
    name = json.dumps(key, ensure_ascii=False)
    if not members:
        base = line_indent(text, span.value_start)
        inner = base + json_indent_unit(text)
        member = f"{name}: {json_value(value, inner, text)}"
        new = "{\n" + inner + member + "\n" + base + "}"
        return text[: span.value_start] + new + text[span.value_end :]
    last = smap.spans[max(members, key=lambda p: smap.spans[p].value_end)]
    key_start = last.key_start if last.key_start is not None else last.value_start
    colon = colon_of(text, key_start, last.value_start)
    if "\n" in text[span.value_start : key_start]:
        indent = line_indent(text, key_start)
        addition = f",\n{indent}{name}{colon}{json_value(value, indent, text, colon)}"
    else:
        addition = f", {name}{colon}{json.dumps(value, ensure_ascii=False)}"
    return text[: last.value_end] + addition + text[last.value_end :]


def _children(smap: SourceMap, pointer: str) -> list[str]:
    prefix = pointer + "/"
    return [p for p in smap.spans if p.startswith(prefix) and "/" not in p[len(prefix) :]]


def yaml_content_end(text: str, smap: SourceMap, pointer: str) -> int:
    """Where the value's own text ends (block collections end at their last leaf)."""
    span = smap.spans[pointer]
    head = text[span.value_start : span.value_start + 1]
    children = _children(smap, pointer)
    if head in ("{", "[") or not children:
        end = span.value_end
        if head in ("|", ">"):  # block scalars own their trailing newlines
            while end > span.value_start and text[end - 1] in " \t\r\n":
                end -= 1
        return end
    return max(yaml_content_end(text, smap, child) for child in children)


def _plain_ok(value: str, in_flow: bool) -> bool:
    if not value or "\n" in value or (in_flow and _FLOW_UNSAFE & set(value)):
        return False
    dumped = yaml.dump(value, Dumper=_DUMPER, width=_WIDE, allow_unicode=True)
    return dumped.split("\n", 1)[0] == value


def _yaml_string(value: str, style: str, text: str, start: int, in_flow: bool) -> str:
    if _YAML_UNPRINTABLE.search(value):
        return _double_quoted(value)  # only "..." can escape them
    if style == "'" and "\n" not in value:
        return "'" + value.replace("'", "''") + "'"
    if style in ("|", ">") and not value.endswith("\n\n"):
        header_end = text.find("\n", start)
        following = text[header_end + 1 :]
        indent = line_indent(following, len(following) - len(following.lstrip(" \t")))
        indent = indent or line_indent(text, start) + indent_unit(text)
        lines = value.rstrip("\n").split("\n")
        chomp = "" if value.endswith("\n") else "-"
        return f"|{chomp}\n" + "\n".join(indent + line if line else "" for line in lines)
    if style not in ("'", '"') and _plain_ok(value, in_flow):
        return value
    return _double_quoted(value)


# YAML's printable set is narrower than JSON's: DEL, C1 controls and the two
# non-characters must be escaped inside "..." (a raw one makes the file unreadable).
_YAML_UNPRINTABLE = re.compile("[\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def _double_quoted(value: str) -> str:
    dumped = json.dumps(value, ensure_ascii=False)
    return _YAML_UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


def in_flow(text: str, smap: SourceMap, pointer: str) -> bool:
    """Whether ``pointer`` sits inside a flow collection (``{...}``/``[...]``)."""
    while pointer:
        pointer = pointer.rsplit("/", 1)[0]
        start = smap.spans[pointer].value_start
        if text[start : start + 1] in ("{", "["):
            return True
    return False


def yaml_value(value: object, text: str, start: int, end: int, flow: bool = False) -> str:
    """``value`` as YAML replacing ``text[start:end]`` in the same style."""
    style = text[start : start + 1]
    if isinstance(value, str):
        return _yaml_string(value, style, text, start, flow)
    is_block = style not in ("{", "[", "'", '"') and ("\n" in text[start:end])
    if isinstance(value, dict | list) and value and is_block:
        column = " " * (start - line_start(text, start))
        dumped = _dump_block(value, text).rstrip("\n")
        return dumped.replace("\n", "\n" + column)
    return json.dumps(value, ensure_ascii=False)


def _dump_block(value: object, text: str) -> str:
    dumped: str = yaml.dump(
        value,
        Dumper=_DUMPER,
        default_flow_style=False,
        sort_keys=False,
        allow_unicode=True,
        width=_WIDE,
        indent=max(2, len(indent_unit(text))),
    )
    return dumped


def yaml_insert(
    text: str, smap: SourceMap, parent: str, members: list[str], key: str, value: object
) -> str:
    """Add ``key: value`` as the last entry of the mapping at ``parent``."""
    span = smap.spans[parent]
    member_json = f"{json.dumps(key, ensure_ascii=False)}: {json.dumps(value, ensure_ascii=False)}"
    if text[span.value_start : span.value_start + 1] == "{":
        if not members:
            new = "{" + member_json + "}"
            return text[: span.value_start] + new + text[span.value_end :]
        last_end = max(smap.spans[p].value_end for p in members)
        return text[:last_end] + ", " + member_json + text[last_end:]
    last = max(members, key=lambda p: smap.spans[p].value_end)
    key_start = smap.spans[last].key_start
    assert key_start is not None  # block mapping members always have a key
    column = " " * (key_start - line_start(text, key_start))
    lines = _dump_block({key: value}, text).rstrip("\n").split("\n")
    block = "\n".join(column + line for line in lines) + "\n"
    cut = text.find("\n", yaml_content_end(text, smap, last))
    if cut == -1:
        return text + "\n" + block
    return text[: cut + 1] + block + text[cut + 1 :]
