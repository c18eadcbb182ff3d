"""The versioned polling plan: what ``compile`` writes and ``run`` executes.

A plan is to the runtime what bytecode is to an interpreter: every default is
explicit, every placeholder and date pattern is pre-parsed, and it was checked
once, up front. ``schemas/plan.schema.json`` is the wire format; these frozen
dataclasses mirror it (JSON keys are camelCase, fields snake_case). This module
holds the plan and its instances and re-exports every value type, so
``from sage200cfg.plan.model import X`` names any of them: a resource's query,
dates and the ``Resource`` itself live in :mod:`.polling`, the delivery
settings and secret references in :mod:`.delivery`.

Plan
  ``version`` (:data:`PLAN_VERSION`), ``instances`` sorted by name,
  ``compiled_at`` (None unless ``compile --timestamp``). ``hash`` is
  ``sha256:`` over the canonical JSON (sorted keys, no whitespace, UTF-8) of
  everything else; :meth:`Plan.from_dict` and :func:`loads` check version,
  schema and hash and raise a :class:`PlanError` subclass. Text form and
  checks live in :mod:`.serialize`; :func:`dumps` is byte-deterministic.
Instance
  ``name`` (unique in the plan), ``element_key`` (``sage200``), ``tags``,
  ``delivery``, ``resources`` sorted by name. Only instances with
  ``event.notification.enabled`` true are compiled.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

import orjson

from .delivery import BasicAuth, Delivery, RetryPolicy, SecretRef
from .errors import PlanHashError
from .polling import DateExtraction, Literal, PathSegment, Placeholder, QueryParam, Resource
from .serialize import (
    PLAN_VERSION,
    body_hash,
    check_schema,
    check_version,
    dump_body,
    parse_json,
)

__all__ = [
    "BasicAuth", "DateExtraction", "Delivery", "Instance", "Literal", "PathSegment",
    "Placeholder", "Plan",
    "QueryParam", "Resource", "RetryPolicy", "SecretRef", "dump", "dumps", "loads",
]


@dataclass(frozen=True)
class Instance:
    name: str
    element_key: str
    delivery: Delivery
    resources: tuple[Resource, ...]
    tags: tuple[str, ...] = ()
    instance_id: int | str | None = None  #: the config's top-level ``id``, when it has one

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name, "elementKey": self.element_key, "tags": list(self.tags),
            "delivery": self.delivery.to_dict(),
            "resources": [r.to_dict() for r in self.resources],
        }
        if self.instance_id is not None:  # absent, not null: older plans keep their hash
            out["instanceId"] = self.instance_id
        return out

    @staticmethod
    def from_dict(d: dict[str, Any], built: dict[bytes, Resource] | None = None) -> Instance:
        """``built``: resources already built for other instances, by their JSON."""
        built = {} if built is None else built
        return Instance(d["name"], d["elementKey"], Delivery.from_dict(d["delivery"]),
                        tuple(_resource(r, built) for r in d["resources"]), tuple(d["tags"]),
                        d.get("instanceId"))


def _resource(d: dict[str, Any], built: dict[bytes, Resource]) -> Resource:
    # A fleet's plan repeats the same resource blocks for every company: each
    # distinct one is built once (and held once: resources are immutable).
    key = orjson.dumps(d, option=orjson.OPT_SORT_KEYS)
    resource = built.get(key)
    if resource is None:
        resource = built[key] = Resource.from_dict(d)
    return resource


@dataclass(frozen=True)
class Plan:
    instances: tuple[Instance, ...]
    compiled_at: str | None = None
    version: int = PLAN_VERSION

    @property
    def hash(self) -> str:
        """``sha256:<hex>`` over the canonical JSON of the body (all but ``hash``)."""
        return body_hash(self.body())

    def resources(self) -> list[tuple[Instance, Resource]]:
        """Every (instance, resource) pair in plan order."""
        return [(i, r) for i in self.instances for r in i.resources]

    def body(self) -> dict[str, Any]:
        """The plan as JSON-ready data, without ``hash``."""
        body: dict[str, Any] = {"version": self.version,
                                "instances": [i.to_dict() for i in self.instances]}
        if self.compiled_at is not None:
            body["compiledAt"] = self.compiled_at
        return body

    def to_dict(self) -> dict[str, Any]:
        body = self.body()
        return {**body, "hash": body_hash(body)}

    @staticmethod
    def from_dict(d: Any) -> Plan:
        """Check version, schema and hash, then build; raises a :class:`PlanError`."""
        check_version(d)
        check_schema(d)
        # The hash covers the text as compiled: checked on the data as read, it
        # need not be encoded again from the model (a fleet's plan is large).
        if body_hash({k: v for k, v in d.items() if k != "hash"}) != d["hash"]:
            raise PlanHashError()
        built: dict[bytes, Resource] = {}
        return Plan(tuple(Instance.from_dict(i, built) for i in d["instances"]),
                    d.get("compiledAt"))

    def with_timestamp(self, stamp: str) -> Plan:
        return replace(self, compiled_at=stamp)


def dumps(plan: Plan) -> str:
    """The plan as text: sorted keys, stable order, trailing newline; byte-stable."""
    return dump_body(plan.body())[0]


def dump(plan: Plan) -> tuple[str, str]:
    """(text, hash): the hash falls out of encoding the text, so it costs nothing more."""
    return dump_body(plan.body())


def loads(text: str) -> Plan:
    """Parse and check a plan; raises a :class:`PlanError` with a clear message."""
    with _collector_paused():
        return Plan.from_dict(parse_json(text))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Building a plan allocates hundreds of thousands of containers and frees none, so
    collections during the build only walk them: a third of a 3,500-resource plan's load."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
