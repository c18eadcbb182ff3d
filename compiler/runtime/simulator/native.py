"""The Sage 200 API itself, simulated: collections, ``GET /sites``, Sage's query rules.

Serves every natively pollable catalog resource at ``{prefix}/{native
collection}`` from the same records and changes as the hub
(:class:`.hub.Hub`), so the delivery checks compare one set of changes.
Rules, as Sage documents them: bare JSON arrays; ``$filter``
(:mod:`.odata`; a time without ``Z`` is a 400); ``$orderby`` (``field [asc|desc]``,
comma-separated); ``$top`` default 500, a 400 above 5,000; ``$skip`` without
``$orderby`` a 400; ``Authorization: Bearer`` from :mod:`.sageid` (401,
empty body, once expired); ``X-Site`` and ``X-Company`` on every data request
(``/sites`` is the one call without them). Every company sees the same data.
"""

from __future__ import annotations

import json
from typing import Any

from ...catalog import load_catalog
from . import ceql, odata
from .httpd import Request, Response
from .hub import Hub, SimResource
from .sageid import SageId

__all__ = ["NATIVE_PREFIXES", "SITES", "NativeApi"]

NATIVE_PREFIXES = ("/uk/sage200/accounts/v1", "/uk/sage200extra/accounts/v1")
SITES = [
    {"company_id": 1, "company_name": "Cloud-Elements Demodata", "tenant_id": 1234,
     "site_id": "5b0d3c8e-7a1f-4e2b-9c6d-0f1e2d3c4b5a", "site_name": "Demodata",
     "site_short_name": "demodata"},
    {"company_id": 123, "company_name": "APITestCompany", "tenant_id": 1234,
     "site_id": "5b0d3c8e-7a1f-4e2b-9c6d-0f1e2d3c4b5a", "site_name": "Demodata",
     "site_short_name": "demodata"},
]
_DEFAULT_TOP, _MAX_TOP = 500, 5000


def _error(status: int, message: str) -> Response:
    return Response(status, json.dumps({"Message": message}).encode(),
                    {"Content-Type": "application/json"})


class NativeApi:
    """Routes under one of :data:`NATIVE_PREFIXES`."""

    def __init__(self, hub: Hub, sage_id: SageId) -> None:
        self.hub = hub
        self.sage_id = sage_id
        self.sites = [dict(s) for s in SITES]
        catalog = load_catalog()
        self.collections: dict[str, str] = {
            meta.native_path: hub_path for hub_path, meta in
            ((p, catalog.get(p)) for p in hub.resources) if meta is not None
            and meta.pollable_natively
        }

    def authorized(self, request: Request) -> bool:
        return self.sage_id.access_ok(request.headers.get("authorization"))

    def handle(self, request: Request, rest: str) -> tuple[str | None, Response]:
        """(hub resource counted, response) for ``GET {prefix}/{rest}``, once authorized."""
        name = rest.strip("/")
        if name == "sites":
            return None, Response(200, json.dumps(self.sites).encode(),
                                  {"Content-Type": "application/json"})
        site, company = request.headers.get("x-site"), request.headers.get("x-company")
        if not site or not company:
            return None, _error(400, "The X-Site and X-Company headers are required.")
        if not any(s["site_id"] == site and str(s["company_id"]) == company for s in self.sites):
            return None, _error(403, "The site and company are not available to this user.")
        hub_path = self.collections.get(name)
        if hub_path is None:
            return None, _error(404, f"No HTTP resource was found that matches /{name}.")
        return hub_path, self._list(self.hub.resources[hub_path], request.query)

    def _list(self, res: SimResource, query: dict[str, str]) -> Response:
        try:
            top = int(query.get("$top", _DEFAULT_TOP))
            skip = int(query.get("$skip", 0))
        except ValueError:
            return _error(400, "$top and $skip must be integers.")
        if not 1 <= top <= _MAX_TOP:
            return _error(400, f"The limit of '{_MAX_TOP}' for Top query has been exceeded.")
        try:
            orderby = _orderby(query.get("$orderby", ""))
            if skip and not orderby:
                return _error(400, "$skip requires $orderby.")
            node = odata.parse(query["$filter"]) if query.get("$filter") else None
            ids = self._select(res, node, orderby, skip + top)[skip:]
        except (ceql.CeqlError, KeyError) as exc:
            return _error(400, str(exc))
        with self.hub.lock:
            body = "[" + ",".join(res.render(i) for i in ids) + "]"
        return Response(200, body.encode(), {"Content-Type": "application/json"})

    def _select(self, res: SimResource, node: ceql.Node | None,
                orderby: list[tuple[str, bool]], limit: int) -> list[int]:
        updated, key = str(res.meta.updated_field), str(res.meta.id_field)
        dates = {res.meta.updated_field, res.meta.created_field} - {None}
        out: list[int] = []
        with self.hub.lock:
            if orderby in ([(updated, False), (key, False)], [(updated, False)]):
                # Rows are kept sorted by (updated, id): scan from the filter's bound.
                start = odata.row_bound(node, updated, key) if node else (-(2**62), -1)
                exact = node is not None and odata.exact_bound(node, updated, key) == start
                for _, object_id in res.live(start):
                    if node is None or exact or _matches(node, res, object_id, dates):
                        out.append(object_id)
                        if len(out) >= limit:
                            break
                return out
            rows = [i for i in res.current
                    if node is None or _matches(node, res, i, dates)]
        for name, desc in reversed(orderby or [(key, False)]):
            values = {i: _sort_key(res.field_value(i, name)) for i in rows}
            rows.sort(key=values.__getitem__, reverse=desc)
        return rows[:limit]


def _matches(node: ceql.Node, res: SimResource, object_id: int, dates: Any) -> bool:
    return ceql.matches(node, lambda name: res.field_value(object_id, name), dates)


def _sort_key(value: Any) -> tuple[int, Any]:
    return (0, 0) if value is None else (1, value)


def _orderby(text: str) -> list[tuple[str, bool]]:
    """``"a,b desc"`` -> ``[("a", False), ("b", True)]``; a 400 for anything else."""
    out = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        words = part.split()
        if len(words) > 2 or (len(words) == 2 and words[1] not in ("asc", "desc")):
            raise ceql.CeqlError(f"invalid $orderby clause {part!r}")
        out.append((words[0], len(words) == 2 and words[1] == "desc"))
    return out
