"""Plans for the simulator: the demo plan, and plans that tests and benchmarks vary.

:func:`sample_plan` mirrors ``samples/valid/sage200-instance.json`` (seven
Sage 200 resources, ``date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'``,
Sage's date fields read with ``yyyy-MM-dd'T'HH:mm:ss`` in GMT) pointed at a
given callback URL. Every plan is built as plan JSON and loaded with
:meth:`Plan.from_dict`, so it passes the same version, schema and hash checks
as a compiled plan.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from ...plan.model import Plan

__all__ = ["SAMPLE_RESOURCES", "plan_from_instances", "resource_json", "sample_plan"]

SAMPLE_RESOURCES = (
    "customers", "invoices", "payments", "products", "transactions", "warehouse-holdings",
    "warehouses",
)
DATE_PATTERN = "yyyy-MM-dd'T'HH:mm:ss"
WHERE_PATTERN = "yyyy-MM-dd'T'HH:mm:ss'Z'"


def _date(field: str, pattern: str | None, zone: str) -> dict[str, Any] | None:
    if not field:
        return None
    fmt = "milliseconds" if pattern == "milliseconds" else "pattern"
    return {"field": field, "path": field.split("."), "format": fmt,
            "pattern": None if fmt == "milliseconds" else pattern, "zone": zone}


def resource_json(name: str, hub_path: str | None = None, **opts: Any) -> dict[str, Any]:
    """One plan resource; ``opts`` override the sample defaults (snake_case keys)."""
    path = "/hubs/finance/" + (hub_path or name)
    kind, where_pattern = opts.get("placeholder", "gmtDate"), opts.get("where_pattern",
                                                                       WHERE_PATTERN)
    zone = {"gmtDate": "GMT", "date": "UTC"}.get(kind, opts.get("where_zone", "UTC"))
    raw = "${" + kind + ":" + where_pattern + "}"
    updated_field = opts.get("updated_field", "date_time_updated")
    tokens = [{"type": "literal", "text": f"{updated_field}>='"},
              {"type": "placeholder", "kind": kind, "pattern": where_pattern, "zone": zone,
               "unit": None, "raw": raw},
              {"type": "literal", "text": "'"}]
    pattern, date_zone = opts.get("date_pattern", DATE_PATTERN), opts.get("date_zone", "GMT")
    id_field = opts.get("id_field", "id")
    return {
        "name": name, "hub": "finance", "method": "GET", "path": path,
        "url": f"{path}?where={updated_field}>='{raw}'",
        "query": [{"name": "where", "value": tokens}], "encoding": "rfc3986",
        "idField": id_field, "idPath": id_field.split("."),
        "updated": _date(updated_field, pattern, date_zone),
        "created": _date(opts.get("created_field", "date_time_created"), pattern, date_zone),
        "createdCheckTolerance": opts.get("created_check_tolerance", 0),
        "filterByUpdatedDate": opts.get("filter_by_updated_date", True),
        "filterByCurrentDate": opts.get("filter_by_current_date", False),
        "pollDelay": opts.get("poll_delay", 0), "pageSize": opts.get("page_size", 200),
        "interval": opts.get("interval", 900),
    }


def instance_json(
    name: str, callback_url: str, resources: list[dict[str, Any]], *,
    username: str | None = None, password_env: str | None = None,
    signature_env: str | None = None, max_retries: int = 9, backoff: float = 4,
) -> dict[str, Any]:
    """One plan instance delivering to ``callback_url``."""
    basic = None
    if username is not None:
        password = {"env": password_env, "origin": "env"} if password_env else None
        basic = {"username": username, "password": password}
    signature = {"env": signature_env, "origin": "env"} if signature_env else None
    return {
        "name": name, "elementKey": "sage200", "tags": [name],
        "delivery": {
            "callbackUrl": callback_url, "basicAuth": basic, "signatureKey": signature,
            "maxEventsPerNotification": 10,
            "retry": {"maxRetries": max_retries, "backoffBaseSeconds": backoff,
                      "exhausted": "dead-letter"},
        },
        "resources": sorted(resources, key=lambda r: str(r["name"])),
    }


def plan_from_instances(instances: list[dict[str, Any]]) -> Plan:
    """Hash the plan JSON and load it through :meth:`Plan.from_dict`."""
    body = {"version": 1, "instances": sorted(instances, key=lambda i: str(i["name"]))}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return Plan.from_dict({**body, "hash": "sha256:" + hashlib.sha256(text.encode()).hexdigest()})


def sample_plan(
    callback_url: str, *, resources: tuple[str, ...] = SAMPLE_RESOURCES, interval: int = 900,
    page_size: int = 200, signature_env: str | None = None, password_env: str | None = None,
) -> Plan:
    """The sample instance's resources, delivering to ``callback_url``."""
    res = [resource_json(r, interval=interval, page_size=page_size) for r in resources]
    username = "CompanyName123" if password_env else None
    return plan_from_instances([instance_json(
        "myCoolInstance", callback_url, res, username=username, password_env=password_env,
        signature_env=signature_env,
    )])
