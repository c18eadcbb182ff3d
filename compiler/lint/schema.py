"""S1xx: validate an instance config against ``schemas/instance.schema.json``.

jsonschema-rs answers "is it valid?" in microseconds; only an invalid
document pays for walking the error tree, whose structured kinds (the
failing keyword, the unexpected keys, each ``anyOf`` branch) are turned into
readable messages with "did you mean" suggestions.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import jsonschema_rs

from ..pointer import join
from ..resources import load_schema
from .codes import LINT_CODES

__all__ = ["SchemaError", "schema_errors"]

SCHEMA = "instance.schema.json"
POLLER = "event.poller.configuration"


@dataclass(frozen=True)
class SchemaError:
    code: str
    pointer: str
    message: str
    at_key: bool = False

    @property
    def name(self) -> str:
        return LINT_CODES[self.code].name


@cache
def _validator() -> Any:
    return jsonschema_rs.validator_for(load_schema(SCHEMA))


def _with_decoded_poller(data: Any) -> Any:
    """Validate a JSON-encoded poller configuration like an object."""
    config = data.get("configuration") if isinstance(data, dict) else None
    if not isinstance(config, dict) or not isinstance(raw := config.get(POLLER), str):
        return data
    try:
        decoded = json.loads(raw)
    except ValueError:
        return data
    return {**data, "configuration": {**config, POLLER: decoded}}


def schema_errors(data: Any) -> list[SchemaError]:
    """Every schema problem of ``data``, as readable values."""
    data = _with_decoded_poller(data)
    validator = _validator()
    if validator.is_valid(data):
        return []
    found: dict[tuple[str, str], SchemaError] = {}
    for error in validator.iter_errors(data):
        for item in _describe(error):
            # The sage200 branch and the reserved `event.` names can both flag one key.
            found.setdefault((item.code, item.pointer), item)
    return list(found.values())


def _pointer(error: Any) -> str:
    return join("", *error.instance_path)


def _subject(error: Any) -> str:
    path = error.instance_path
    return f"`{path[-1]}` " if path and isinstance(path[-1], str) else ""


def _type_name(value: Any) -> str:
    names = {bool: "a boolean", int: "a number", float: "a number", str: "a string"}
    names.update({list: "an array", dict: "an object", type(None): "null"})
    return names.get(type(value), type(value).__name__)


def _suggest(name: str, allowed: list[str]) -> str:
    close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}`?" if close else ""


def _schema_at(tokens: list[str | int]) -> Any:
    """The subschema a schema path leads to, following ``$ref`` hops."""
    root = load_schema(SCHEMA)
    node: Any = root
    for token in tokens:
        if token == "$ref":
            ref, node = str(node["$ref"]), root
            for part in ref.split("/")[1:]:
                node = node[part]
        else:
            node = node[token]
    return node


def _unknown_keys(error: Any) -> Iterator[SchemaError]:
    parent = _schema_at(list(error.schema_path)[:-1])
    allowed = sorted(parent.get("properties", {}))
    where = f" in `{error.instance_path[-1]}`" if error.instance_path else ""
    for key in sorted(error.kind.as_dict()["unexpected"]):
        message = f"unknown key `{key}`{where}{_suggest(key, allowed)}"
        yield SchemaError("S101", join(_pointer(error), key), message, at_key=True)


def _reserved_keys(error: Any) -> Iterator[SchemaError]:
    known = sorted(load_schema(SCHEMA)["properties"]["configuration"]["properties"])
    for key in sorted(k for k in error.instance if isinstance(k, str) and k.startswith("event.")):
        if key not in known:
            message = f"`{key}` is not a documented event key{_suggest(key, known)}"
            yield SchemaError("S101", join(_pointer(error), key), message, at_key=True)


def _describe(error: Any) -> Iterator[SchemaError]:
    kind, pointer = error.kind.name, _pointer(error)
    if kind == "additionalProperties":
        yield from _unknown_keys(error)
    elif kind == "propertyNames":
        yield from _reserved_keys(error)
    elif kind == "required":
        missing = error.kind.as_dict()["property"]
        yield SchemaError("S103", pointer, f"missing required key `{missing}`")
    elif kind == "type":
        expected = " or ".join(error.kind.as_dict()["types"])
        message = f"{_subject(error)}must be {expected}, not {_type_name(error.instance)}"
        yield SchemaError("S102", pointer, message)
    elif kind in ("anyOf", "oneOfNotValid"):
        yield from _mismatch(error, pointer)
    else:
        yield SchemaError("S104", pointer, _subject(error) + _value_message(error))


def _mismatch(error: Any, pointer: str) -> Iterator[SchemaError]:
    depth = len(error.instance_path)

    def fits(branch: list[Any]) -> bool:
        return not any(e.kind.name == "type" and len(e.instance_path) == depth for e in branch)

    fitting = [branch for branch in error.kind.context if fits(branch)]
    if len(fitting) == 1:
        for sub in fitting[0]:
            yield from _describe(sub)
        return
    types = [
        t
        for b in error.kind.context
        for e in b
        if e.kind.name == "type"
        for t in e.kind.as_dict()["types"]
    ]
    wanted = " or ".join(dict.fromkeys(types)) or "one of the allowed forms"
    message = f"{_subject(error)}must be {wanted}, not {_type_name(error.instance)}"
    yield SchemaError("S102" if types else "S105", pointer, message)


def _value_message(error: Any) -> str:
    kind, detail = error.kind.name, error.kind.as_dict()
    if kind == "enum":
        return f"must be one of {', '.join(map(json.dumps, detail['options']))}"
    if kind in ("minimum", "maximum"):
        return f"must be {'at least' if kind == 'minimum' else 'at most'} {detail['limit']}"
    if kind in ("minLength", "minProperties"):
        return "must not be empty"
    if kind == "pattern":
        return f"{json.dumps(error.instance)} is not a valid value here{_expected(error)}"
    return str(error.message) + _expected(error)


def _expected(error: Any) -> str:
    """What the schema expects here, from the nearest ``examples`` above the error."""
    path = list(error.schema_path)
    for end in range(len(path) - 1, -1, -1):
        try:
            node = _schema_at(path[:end])
        except (KeyError, IndexError, TypeError):
            continue
        examples = node.get("examples") if isinstance(node, dict) else None
        if examples:
            what = str(node.get("description", "")).split(":", 1)[-1].strip().rstrip(".")
            like = ", ".join(json.dumps(e) for e in examples[:3])
            return f"; expected {what}, such as {like}" if what else f"; expected e.g. {like}"
    return ""
