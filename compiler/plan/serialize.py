"""A plan's wire form: canonical hashing, the diffable layout, version and schema checks.

It works on JSON-ready data only (``Plan.body()``), so the model can use it
without this module knowing the model. The hash is
the sha256 of the canonical JSON (sorted keys, no whitespace, UTF-8) of the
plan without its ``hash`` key, so anyone can verify it with a few lines.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from typing import Any

import orjson

from .errors import PlanSchemaError, PlanVersionError

__all__ = ["PLAN_VERSION", "body_hash", "check_schema", "check_version", "dump_body", "parse_json"]

PLAN_VERSION = 1


def check_version(d: Any) -> None:
    """Refuse anything but a plan of :data:`PLAN_VERSION`, with a clear message."""
    if not isinstance(d, dict) or "version" not in d:
        raise PlanSchemaError('not a sage200cfg plan: no top-level "version"')
    if d["version"] != PLAN_VERSION:
        raise PlanVersionError(
            f"plan version {d['version']!r} is not supported (this sage200cfg reads version "
            f"{PLAN_VERSION}); recompile the config with this sage200cfg"
        )


def body_hash(body: dict[str, Any]) -> str:
    """``sha256:<hex>`` of the canonical JSON of ``body``."""
    return _sha256(_CANONICAL(body))


@cache
def _fast_validator() -> Any:
    import jsonschema_rs

    from ..resources import load_schema

    return jsonschema_rs.validator_for(load_schema("plan.schema.json"))


def _explaining_validator() -> Any:
    # Only for a plan that is invalid: importing jsonschema was a sixth of the
    # CPU a fleet worker spends to start.
    from jsonschema import Draft202012Validator

    from ..resources import load_schema

    return Draft202012Validator(load_schema("plan.schema.json"))


def check_schema(d: Any) -> None:
    """Raise :class:`PlanSchemaError` naming the first place ``d`` breaks the schema."""
    if _fast_validator().is_valid(d):
        return
    explaining = _explaining_validator()
    # The Rust validator says yes/no quickly; the Python one explains where and why.
    errors = sorted(explaining.iter_errors(d), key=lambda e: list(e.absolute_path))
    where = "/" + "/".join(str(p) for p in errors[0].absolute_path) if errors else "/"
    message = _without_value(errors[0]) if errors else "invalid"
    raise PlanSchemaError(f"plan does not match plan.schema.json at {where}: {message}")


def _without_value(error: Any) -> str:
    """The error message, naming the offending value's type instead of quoting it:
    a plan edited by hand may hold a pasted secret, and messages end up in logs."""
    kinds = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    kind = kinds.get(type(error.instance), "a value")
    return str(error.message).replace(repr(error.instance), kind)


# ``dump_body`` puts each instance key, and each resource, on a line of its own:
# a diff shows which resource changed, and a C encoder does the bulk of the
# work (``indent=`` would force json's slow pure-Python one). Every value is in
# canonical compact form, so the same strings also make up the hashed body.
# orjson with sorted keys writes exactly what
# ``json.dumps(v, sort_keys=True, ensure_ascii=False, separators=(",", ":"))``
# writes for a plan's strings, integers, booleans, lists and objects, five
# times faster (tests/compile checks the two agree).
def _CANONICAL(value: Any) -> str:  # noqa: N802 - reads as the constant it replaced
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()


def dump_body(body: dict[str, Any]) -> tuple[str, str]:
    """(text, hash) of a plan body: the hash falls out of encoding the text."""
    instances = [_instance_text(i) for i in body["instances"]]
    canonical = "[" + ",".join(c for c, _ in instances) + "]"
    top = {k: _CANONICAL(v) for k, v in body.items() if k != "instances"}
    digest = _sha256(_object({**top, "instances": canonical}))
    top["hash"] = _CANONICAL(digest)
    top["instances"] = _lines([p for _, p in instances], 1) if instances else "[]"
    return _object(top, 0) + "\n", digest


def _instance_text(instance: dict[str, Any]) -> tuple[str, str]:
    """(canonical, pretty) text of one instance, sharing the encoded values."""
    values = {k: _CANONICAL(v) for k, v in instance.items() if k != "resources"}
    resources = [_CANONICAL(r) for r in instance["resources"]]
    canonical = _object({**values, "resources": "[" + ",".join(resources) + "]"})
    values["resources"] = _lines(resources, 3) if resources else "[]"
    return canonical, _object(values, 2)


def _object(values: dict[str, str], depth: int | None = None) -> str:
    """Join pre-encoded values into an object: compact, or one key per line at ``depth``."""
    keys = sorted(values)
    if depth is None:
        return "{" + ",".join(f"{_CANONICAL(k)}:{values[k]}" for k in keys) + "}"
    pad = "  " * (depth + 1)
    inner = ",\n".join(f"{pad}{_CANONICAL(k)}: {values[k]}" for k in keys)
    return "{\n" + inner + "\n" + "  " * depth + "}"


def _lines(items: list[str], depth: int) -> str:
    pad = "  " * (depth + 1)
    return "[\n" + ",\n".join(pad + item for item in items) + "\n" + "  " * depth + "]"


def _sha256(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_json(text: str) -> Any:
    """The plan text as data; PlanSchemaError when it is not JSON."""
    try:
        return orjson.loads(text)  # a fleet's plan has thousands of resources
    except orjson.JSONDecodeError:
        pass
    try:
        return json.loads(text)  # orjson refuses some valid JSON; json explains the rest
    except ValueError as exc:
        raise PlanSchemaError(f"plan is not valid JSON: {exc}") from None
