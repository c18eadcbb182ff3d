"""Instance configs -> one :class:`~.plan.Plan`: pure and deterministic.

Lint runs first and stops on errors, so the checks here are the ones only
compiling needs; they still tolerate anything, because ``compile_documents``
is also called on its own. Its findings (S4xx):

S401 unusable-placeholder   a ``${...}`` the runtime cannot fill (unknown kind,
                            legacy bare ``${date}``, unclosed, bad pattern)
S402 unusable-id-field      ``idField`` missing, empty or not a JSON path
S403 missing-date-field     no ``updatedDateField``/format, or
                            ``filterByUpdatedDate: false`` without a created date
S404 invalid-setting        a number or boolean setting that is not one
S405 unusable-url           poller url not ``/hubs/<hub>/<resource>``, paging
                            params in it, or a callback URL that is not http(s)
                            or carries credentials
S406 plain-secret           warning: a secret is written in the config; it is
                            not copied, the runtime reads it from an env var
S407 events-disabled        warning: ``event.notification.enabled`` is not true,
                            so the instance is left out of the plan
S408 duplicate-instance     two configs compile to the same instance name
S409 no-poller-config       ``event.poller.configuration`` missing or unusable
S410 bad-secret-reference   a ``${...}`` secret that is not ``${env:NAME}``
S411-S413                   only with ``transport="sage200"``: see :mod:`.native`
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..findings import Finding, Severity
from ..load.documents import Document
from ..plan.model import Instance, Plan, Resource
from ..pointer import join
from .codes import COMPILE_CODES
from .dates import date_extraction
from .delivery import delivery as parse_delivery
from .native import native_problems
from .parsing import CompileProblem, flag, number, parse_path
from .query import parse_query

__all__ = ["CompileResult", "compile_documents"]

POLLER = "event.poller.configuration"


@dataclass(frozen=True)
class CompileResult:
    """The plan, and what compiling found (errors mean: do not use the plan)."""

    plan: Plan
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)


def compile_documents(
    docs: Iterable[Document], timestamp: str | None = None, transport: str = "hub"
) -> CompileResult:
    """Compile every document into one plan; instances sorted by name.

    ``transport="sage200"`` also checks that each resource has a native form
    (S411-S413); an instance with such an error is left out, like any other.
    """
    instances: dict[str, tuple[Instance, str]] = {}
    findings: list[Finding] = []
    for doc in docs:
        instance, problems = _instance(doc)
        if instance is not None and transport == "sage200":
            problems += native_problems(instance, join("/configuration", POLLER))
            instance = None if _blocking(problems) else instance
        if instance is not None and instance.name in instances:
            first = instances[instance.name][1]
            problems.append(
                CompileProblem(
                    "/name",
                    "S408",
                    f"instance name {instance.name!r} is "
                    f"already used by {first}; names must be unique in a plan",
                )
            )
        elif instance is not None:
            instances[instance.name] = (instance, doc.path)
        findings.extend(_findings(doc, problems))
    plan = Plan(tuple(instances[name][0] for name in sorted(instances)), timestamp)
    return CompileResult(plan, tuple(sorted(findings)))


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _instance(doc: Document) -> tuple[Instance | None, list[CompileProblem]]:
    data = _mapping(doc.data)
    config = _mapping(data.get("configuration"))
    name = data.get("name") if isinstance(data.get("name"), str) and data["name"] else None
    name = name or Path(doc.path).stem
    problems: list[CompileProblem] = []
    enabled = config.get("event.notification.enabled")
    if enabled is not True and str(enabled).lower() != "true":
        problems.append(
            CompileProblem(
                "/configuration",
                "S407",
                f"instance {name!r} is left out of "
                "the plan: event.notification.enabled is not true",
            )
        )
        return None, problems
    delivery = parse_delivery(name, config, problems)
    resources = _resources(config, problems)
    if delivery is None or resources is None or _blocking(problems):
        return None, problems
    element = _mapping(data.get("element")).get("key")
    raw_tags = data.get("tags")
    if isinstance(raw_tags, str):  # the schema allows one tag as a plain string
        raw_tags = [raw_tags]
    tags = (
        tuple(t for t in raw_tags if isinstance(t, str) and t) if isinstance(raw_tags, list) else ()
    )
    key = element if isinstance(element, str) else "sage200"
    raw_id = data.get("id")
    instance_id = raw_id if isinstance(raw_id, int | str) and not isinstance(raw_id, bool) \
        and raw_id != "" else None
    return Instance(name, key, delivery, resources, tags, instance_id), problems


def _blocking(problems: Sequence[CompileProblem]) -> bool:
    return any(COMPILE_CODES[p.code].severity is Severity.ERROR for p in problems)


def _resources(
    config: Mapping[str, Any], problems: list[CompileProblem]
) -> tuple[Resource, ...] | None:
    pointer = join("/configuration", POLLER)
    raw = config.get(POLLER)
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            raw = None
    if not isinstance(raw, Mapping) or not raw:
        problems.append(
            CompileProblem(pointer, "S409", f"{POLLER} is missing, empty or not an object")
        )
        return None
    minutes = number(
        config,
        "event.poller.refresh_interval",
        15,
        "/configuration",
        problems,
        positive=True,
        integer=False,
    )
    interval = max(1, round(minutes * 60))
    built = [_resource(k, raw[k], join(pointer, k), interval, problems) for k in sorted(raw)]
    return tuple(r for r in built if r is not None)


def _resource(
    key: str, block: Any, pointer: str, interval: int, problems: list[CompileProblem]
) -> Resource | None:
    if not isinstance(block, Mapping):
        problems.append(CompileProblem(pointer, "S409", f"resource {key!r} is not an object"))
        return None
    before = len(problems)
    url = block.get("url")
    parsed = parse_query(url, pointer + "/url", problems)
    id_field = block.get("idField")
    id_path = parse_path(id_field, pointer + "/idField", "S402", problems)
    dates = _mapping(block.get("datesConfiguration"))
    dates_ptr = pointer + "/datesConfiguration"
    updated = date_extraction(dates, "updated", dates_ptr, problems, required=True)
    by_updated = flag(block, "filterByUpdatedDate", True, pointer, problems)
    created = date_extraction(dates, "created", dates_ptr, problems, required=not by_updated)
    numbers = {
        name: int(number(block, name, default, pointer, problems, positive=positive))
        for name, default, positive in (
            ("createdCheckTolerance", 0, False),
            ("pollDelay", 0, False),
            ("pageSize", 200, True),
        )
    }
    by_current = flag(block, "filterByCurrentDate", False, pointer, problems)
    if parsed is None or id_path is None or len(problems) > before and _blocking(problems[before:]):
        return None
    hub, path, query = parsed
    return Resource(
        key,
        hub,
        path,
        str(url),
        query,
        str(id_field),
        id_path,
        updated,
        created,
        numbers["createdCheckTolerance"],
        by_updated,
        by_current,
        numbers["pollDelay"],
        numbers["pageSize"],
        interval,
    )


def _findings(doc: Document, problems: Sequence[CompileProblem]) -> list[Finding]:
    if not problems:
        return []
    from ..lint.locate import Locator

    locator = Locator(doc.text, doc.fmt, doc.data)
    out = []
    for p in problems:
        line, column = locator.locate(p.pointer)
        code = COMPILE_CODES[p.code]
        out.append(
            Finding(doc.path, line, column, p.code, code.name, code.severity, p.message, p.pointer)
        )
    return out
