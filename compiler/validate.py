"""S1xx: validate an instance config against ``schemas/instance.schema.json``.

Two validators, one schema: jsonschema-rs answers "is it valid?" in
microseconds, and only an invalid document pays for python-jsonschema's
error objects, which carry what readable messages need (the failing
keyword, the allowed names for "did you mean", the ``anyOf`` context).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import jsonschema_rs

from .pointer import join
from .resources import load_schema

__all__ = ["SchemaError", "schema_errors"]

SCHEMA = "instance.schema.json"
POLLER = "event.poller.configuration"
NAMES = {
    "S101": "unknown-key",
    "S102": "wrong-type",
    "S103": "missing-key",
    "S104": "invalid-value",
    "S105": "schema-mismatch",
}


@dataclass(frozen=True)
class SchemaError:
    code: str
    pointer: str
    message: str
    at_key: bool = False

    @property
    def name(self) -> str:
        return NAMES[self.code]


@cache
def _fast() -> Any:
    return jsonschema_rs.validator_for(load_schema(SCHEMA))


@cache
def _slow() -> Any:
    import jsonschema  # imported lazily: it costs more than the whole fast path

    return jsonschema.Draft202012Validator(load_schema(SCHEMA))


def _with_decoded_poller(data: Any) -> Any:
    """Validate a JSON-encoded poller configuration like an object."""
    config = data.get("configuration") if isinstance(data, dict) else None
    raw = config.get(POLLER) if isinstance(config, dict) else None
    if not isinstance(raw, str):
        return data
    try:
        decoded = json.loads(raw)
    except ValueError:
        return data
    return {**data, "configuration": {**config, POLLER: decoded}}


def schema_errors(data: Any) -> list[SchemaError]:
    """Every schema problem of ``data``, as readable values."""
    data = _with_decoded_poller(data)
    if _fast().is_valid(data):
        return []
    found: dict[tuple[str, str], SchemaError] = {}
    for error in _slow().iter_errors(data):
        for item in _describe(error):
            # The sage200 branch and the reserved `event.` names can both flag one key.
            found.setdefault((item.code, item.pointer), item)
    return list(found.values())


def _pointer(error: Any) -> str:
    return join("", *error.absolute_path)


def _subject(error: Any) -> str:
    path = error.absolute_path
    return f"`{path[-1]}` " if path and isinstance(path[-1], str) else ""


def _type_name(value: Any) -> str:
    names = {bool: "a boolean", int: "a number", float: "a number", str: "a string"}
    names.update({list: "an array", dict: "an object", type(None): "null"})
    return names.get(type(value), type(value).__name__)


def _suggest(name: str, allowed: list[str]) -> str:
    close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}`?" if close else ""


def _allowed_keys(schema: dict[str, Any]) -> list[str]:
    return sorted(schema.get("properties", {}))


def _unknown_keys(error: Any) -> Iterator[SchemaError]:
    allowed = _allowed_keys(error.schema)
    for key in sorted(set(error.instance) - set(allowed)):
        where = f" in `{error.absolute_path[-1]}`" if error.absolute_path else ""
        message = f"unknown key `{key}`{where}{_suggest(key, allowed)}"
        yield SchemaError("S101", join(_pointer(error), key), message, at_key=True)


def _reserved_key(error: Any) -> Iterator[SchemaError]:
    key = error.instance
    known = sorted(load_schema(SCHEMA)["properties"]["configuration"]["properties"])
    message = f"`{key}` is not a documented event key{_suggest(key, known)}"
    yield SchemaError("S101", join(_pointer(error), key), message, at_key=True)


def _best(error: Any) -> Any:
    import jsonschema

    return jsonschema.exceptions.best_match(error.context) if error.context else None


def _branch_errors(error: Any) -> list[Any] | None:
    """The errors of the one alternative whose type fits the value, if exactly one does."""
    branches: dict[int, list[Any]] = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    depth = len(error.absolute_path)

    def fits(subs: list[Any]) -> bool:
        return not any(s.validator == "type" and len(s.absolute_path) == depth for s in subs)

    fitting = [subs for subs in branches.values() if fits(subs)]
    return fitting[0] if len(fitting) == 1 else None


def _describe(error: Any) -> Iterator[SchemaError]:
    keyword, pointer = error.validator, _pointer(error)
    if keyword == "additionalProperties":
        yield from _unknown_keys(error)
    elif "propertyNames" in error.schema_path:
        yield from _reserved_key(error)
    elif keyword == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        yield SchemaError("S103", pointer, f"missing required key `{missing}`")
    elif keyword == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        message = f"{_subject(error)}must be {expected}, not {_type_name(error.instance)}"
        yield SchemaError("S102", pointer, message)
    elif keyword in ("anyOf", "oneOf"):
        yield from _mismatch(error, pointer)
    else:
        yield SchemaError("S104", pointer, _subject(error) + _value_message(error))


def _mismatch(error: Any, pointer: str) -> Iterator[SchemaError]:
    branch = _branch_errors(error)
    if branch is not None:
        for sub in branch:
            yield from _describe(sub)
        return
    best = _best(error)
    if best is None:
        yield SchemaError("S105", pointer, "does not match any allowed form")
        return
    hidden = len(error.context) - 1
    for item in _describe(best):
        note = f" (best of {hidden + 1} alternatives)" if hidden and item.code != "S101" else ""
        yield SchemaError(item.code, item.pointer, item.message + note, item.at_key)


def _value_message(error: Any) -> str:
    keyword, value = error.validator, error.validator_value
    if keyword == "enum":
        return f"must be one of {', '.join(map(json.dumps, value))}"
    if keyword in ("minimum", "maximum"):
        return f"must be {'at least' if keyword == 'minimum' else 'at most'} {value}"
    if keyword == "minLength":
        return "must not be empty"
    if keyword == "minProperties":
        return "must not be empty"
    if keyword == "pattern":
        return f"{json.dumps(error.instance)} is not a valid value here"
    return str(error.message)
