"""Hypothesis strategies that build hostile instance configs, shared by the fuzz tests
and ``bench/reliability_inputs.py`` (so the campaign and the tests cannot drift apart).

Inputs start from the shipped samples (valid, seed and one invalid file per rule) and
are mutated structurally (keys deleted, inserted, retyped, swapped; strings replaced by
odd unicode; the poller configuration JSON-encoded; deep nesting) or textually
(truncated, bytes flipped, spliced), plus plain random JSON values and random text.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from sage200cfg.findings import Finding, Severity

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_FILES = sorted(
    p for p in (ROOT / "samples").rglob("*") if p.suffix in (".json", ".yaml", ".yml")
)
POLLER = "event.poller.configuration"
CODE = re.compile(r"S\d{3}")
_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _parsed(path: Path) -> Any:
    text = path.read_text("utf-8", errors="replace")
    try:
        return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (ValueError, RecursionError, yaml.YAMLError):
        return None  # the invalid samples that do not parse still feed the text fuzzing


SAMPLE_TEXTS = [p.read_bytes() for p in SAMPLE_FILES]
BASES = [d for d in map(_parsed, SAMPLE_FILES) if isinstance(d, dict)]

# Values the rules look for, so mutations hit their branches rather than only the schema's.
INTERESTING = [
    "", " ", "sage200", "other", "15", "0", "-1", "1e9", "true", "false", "null",
    "${date}", "${date:yyyy-MM-dd}", "${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}", "${epoch}",
    "${epoch:ms}", "${epoch:ns}", "${dateTimeZone:BST:hh:mm}", "${dateTimeZone:-6:00:HH}",
    "${gmtDate:", "${", "}", "${env:X}", "${env:}", "${env:1X}", "'", "''", "(", ")",
    "/hubs/finance/customers?where=date_time_updated>='${gmtDate:yyyy-MM-dd}'",
    "/hubs/finance/customers?where=a > '${date:YYYY-mm-DD hh:ss.SSSSSS}' and (b = 'x",
    "/hubs/crm/contacts", "https://api.example.com/hubs/finance/invoices", "//x/y",
    "/hubs/finance/a%20b?where=x%3E%3D'%24%7Bdate%7D'", "?where=", "/hubs//",
    "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "yyyy-MM-DD", "YYYY", "hh:mm", "SSSSSS", "'Z'",
    "%Y-%m-%dT%H:%M:%S", "milliseconds", "q", "'unclosed", "GMT", "UTC", "BST", "EST",
    "Europe/London", "Mars/Olympus", "GMT+25:00", "date_time_updated", "updated_at",
    "http://callback.example.com", "https://", "not a url", "mailto:x@y", "\u202e\u0000",
    "\ud7ff\ue000\U0010ffff", "😀" * 3, "\t\n\r", "a" * 300,
]  # fmt: skip
KNOWN_KEYS = [
    "element", "key", "configuration", "name", "tags", "url", "idField",
    "datesConfiguration", "updatedDateField", "updatedDateFormat", "updatedDateTimezone",
    "createdDateField", "createdDateFormat", "createdDateTimezone", "filterByUpdatedDate",
    "filterByCurrentDate", "createdCheckTolerance", "pageSize", "pollDelay", POLLER,
    "oauth.api.key", "oauth.api.secret", "subscription.key", "signing.key", "company.name",
    "event.notification.enabled", "event.notification.callback.url",
    "event.notification.basic.username", "event.notification.basic.password",
    "event.notification.signature.key", "event.poller.refresh_interval", "event.objects",
    "event.vendor.type", "event.poller.urls", "customers", "transactions", "a/b", "~0~1",
]  # fmt: skip

unicode_text = st.text(st.characters(codec="utf-8"), max_size=24)
strings = st.one_of(st.sampled_from(INTERESTING), unicode_text)
keys = st.one_of(st.sampled_from(KNOWN_KEYS), strings)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    strings,
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=12,
)


def _slots(data: Any) -> list[tuple[Any, Any]]:
    """Every (container, key-or-index) in ``data``, containers included."""
    found: list[tuple[Any, Any]] = []
    stack = [data]
    while stack:
        node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in list(items):
            found.append((node, key))
            if isinstance(value, dict | list):
                stack.append(value)
    return found


def _containers(data: Any) -> list[Any]:
    return [data, *(c[k] for c, k in _slots(data) if isinstance(c[k], dict | list))]


def _pick(draw: st.DrawFn, items: list[Any]) -> Any:
    # An index is much cheaper for Hypothesis than sampled_from over a fresh list.
    return items[draw(st.integers(0, len(items) - 1))]


def _mutate(draw: st.DrawFn, data: Any) -> Any:
    slots = _slots(data) if isinstance(data, dict | list) else []
    op = draw(st.sampled_from(["delete", "insert", "retype", "swap", "unicode", "deepen"]))
    if op == "insert" or not slots:
        target = _pick(draw, _containers(data)) if slots else data
        if isinstance(target, dict):
            target[draw(keys)] = draw(json_values)
        elif isinstance(target, list):
            target.insert(draw(st.integers(0, len(target))), draw(json_values))
        return data
    parent, key = _pick(draw, slots)
    if op == "delete":
        del parent[key]
    elif op == "retype":
        parent[key] = draw(json_values)
    elif op == "swap":
        other, okey = _pick(draw, slots)
        parent[key], other[okey] = copy.deepcopy(other[okey]), copy.deepcopy(parent[key])
    elif op == "unicode":
        old = parent[key] if isinstance(parent[key], str) else ""
        at = draw(st.integers(0, len(old)))
        parent[key] = old[:at] + draw(strings) + old[at:]
    else:
        value, as_list = parent[key], draw(st.booleans())
        for _ in range(draw(st.integers(1, 40))):
            value = [value] if as_list else {"x": value}
        parent[key] = value
    return data


def _encode_poller(data: Any) -> None:
    config = data.get("configuration") if isinstance(data, dict) else None
    if isinstance(config, dict) and isinstance(config.get(POLLER), dict):
        config[POLLER] = json.dumps(config[POLLER])


@st.composite
def mutated_configs(draw: st.DrawFn) -> Any:
    """A sample config after a few random mutations (maybe with an encoded poller)."""
    data = copy.deepcopy(_pick(draw, BASES))
    for _ in range(draw(st.integers(1, 6))):
        data = _mutate(draw, data)
    if draw(st.booleans()):
        _encode_poller(data)
    return data


@st.composite
def rendered(draw: st.DrawFn, data: Any) -> tuple[str, str]:
    """``data`` as the text of a ``.json`` or ``.yaml`` file, in a random layout."""
    if draw(st.booleans()):
        indent = draw(st.sampled_from([None, 2, "\t"]))
        return ".json", json.dumps(data, indent=indent, ensure_ascii=draw(st.booleans()))
    flow = draw(st.sampled_from([False, None]))
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return ".yaml", yaml.dump(data, Dumper=dumper, default_flow_style=flow, allow_unicode=True)


@st.composite
def config_texts(draw: st.DrawFn) -> tuple[str, str]:
    """(suffix, text) of a mutated sample config."""
    return draw(rendered(draw(mutated_configs())))


def _flip(draw: st.DrawFn, raw: bytes) -> bytes:
    data = bytearray(raw)
    for _ in range(draw(st.integers(1, 8))):
        if data:
            at = draw(st.integers(0, len(data) - 1))
            data[at] ^= 1 << draw(st.integers(0, 7))
    return bytes(data)


def _splice(draw: st.DrawFn, raw: bytes) -> bytes:
    at = draw(st.integers(0, len(raw)))
    insert = draw(strings | st.sampled_from(["{", "}", "[", "]", ":", ",", '"', "- ", "\n  "]))
    return raw[:at] + insert.encode("utf-8", "surrogatepass") + raw[at:]


def _nest(draw: st.DrawFn, raw: bytes) -> bytes:
    depth = draw(st.sampled_from([10, 500, 999, 1001, 3000]))
    return b"[" * depth + raw + b"]" * depth


@st.composite
def fuzz_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """(suffix, bytes) of a file: a sample or mutated config, textually damaged."""
    if draw(st.booleans()):
        suffix, text = draw(config_texts())
        raw = text.encode("utf-8")
    else:
        index = draw(st.integers(0, len(SAMPLE_FILES) - 1))
        suffix, raw = SAMPLE_FILES[index].suffix, SAMPLE_TEXTS[index]
    for _ in range(draw(st.integers(1, 3))):
        damage = draw(st.sampled_from(["truncate", "flip", "splice", "nest", "none"]))
        if damage == "truncate":
            raw = raw[: draw(st.integers(0, len(raw)))]
        elif damage == "flip":
            raw = _flip(draw, raw)
        elif damage == "splice":
            raw = _splice(draw, raw)
        elif damage == "nest":
            raw = _nest(draw, raw)
    return draw(st.sampled_from([suffix, ".json", ".yaml"])), raw


def problems(findings: list[Finding], text: str | None = None) -> list[str]:
    """What is wrong with ``findings`` as a user would see them (empty when all is well)."""
    bad: list[str] = []
    # libyaml also breaks lines at a lone CR, NEL, LS and PS (its syntax errors count them).
    last_line = len(_BREAKS.findall(text)) + 1 if text is not None else None
    for f in findings:
        where = f"{f.code} {f.line}:{f.column} {f.pointer!r}: {f.message}"
        if f.code == "S000":
            bad.append(f"a rule crashed: {where}")
        if not CODE.fullmatch(f.code):
            bad.append(f"bad code: {where}")
        if f.line < 1 or f.column < 1:
            bad.append(f"position not 1-based: {where}")
        if last_line is not None and f.line > last_line:
            bad.append(f"line past the end of the file ({last_line} lines): {where}")
        if not isinstance(f.severity, Severity):
            bad.append(f"unknown severity: {where}")
        if f.pointer and not f.pointer.startswith("/"):
            bad.append(f"pointer is not RFC 6901: {where}")
    return bad
