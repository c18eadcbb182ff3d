"""``sage200cfg catalog``: the Sage 200 resources and their fields, for people and scripts.

Without a name, one line per resource: whether it can be polled, its id and
date fields and how sure the catalog is. With a name, that resource in full,
fields included, so writing a block by hand needs no look into the JSON.
"""

from __future__ import annotations

import json
from typing import Any

from ..catalog import Catalog, CatalogResource, load_catalog

__all__ = ["UnknownCatalogResource", "catalog_listing", "resource_details"]


class UnknownCatalogResource(LookupError):
    """The name is no catalog resource; the message says what it probably meant."""


def _row(r: CatalogResource) -> dict[str, Any]:
    return {
        "resource": r.hub_path,
        "nativePath": r.native_path,
        "pollable": r.pollable,
        "idField": r.id_field,
        "updatedField": r.updated_field,
        "createdField": r.created_field,
        "dateFormat": r.date_format,
        "placeholderFormat": r.placeholder_format,
        "timezone": r.timezone,
        "confidence": r.confidence,
        "source": r.source,
        "notes": r.notes,
    }


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value) if value else "-"


def catalog_listing(fmt: str = "text", catalog: Catalog | None = None) -> str:
    """Every resource, one line each (text) or as a JSON array (json)."""
    catalog = catalog or load_catalog()
    resources = [catalog.resources[name] for name in sorted(catalog.resources)]
    if fmt == "json":
        return json.dumps([_row(r) for r in resources], indent=2) + "\n"
    head = ("RESOURCE", "POLL", "ID", "UPDATED", "CREATED", "CONFIDENCE")
    rows = [
        (r.hub_path, "yes" if r.pollable else "no", r.id_field or "-",
         r.updated_field or "-", r.created_field or "-", r.confidence)
        for r in resources
    ]  # fmt: skip
    widths = [max(len(row[i]) for row in (head, *rows)) for i in range(len(head) - 1)]
    lines = ["  ".join([*(c.ljust(w) for c, w in zip(row, widths, strict=False)), row[-1]])
             for row in (head, *rows)]  # fmt: skip
    hubs = ", ".join(f"/hubs/{h}" for h in sorted(catalog.hubs))
    lines.append(f"{len(rows)} resources under {hubs}; `sage200cfg catalog NAME` lists fields.")
    return "\n".join(lines) + "\n"


def resource_details(name: str, fmt: str = "text", catalog: Catalog | None = None) -> str:
    """One resource with its fields; ``UnknownCatalogResource`` with a suggestion."""
    catalog = catalog or load_catalog()
    resource = catalog.get(name.strip("/"))
    if resource is None:
        guesses = catalog.suggest(name)
        hint = f"; did you mean `{guesses[0]}`?" if guesses else ""
        raise UnknownCatalogResource(f"the Sage 200 catalog has no `{name}` resource{hint}")
    fields = sorted(resource.fields)
    if fmt == "json":
        return json.dumps({**_row(resource), "fields": fields}, indent=2) + "\n"
    lines = [f"{key:<18} {_shown(value)}" for key, value in _row(resource).items()]
    lines.append(f"{'fields':<18} {len(fields)}")
    lines += [f"  {field}" for field in fields]
    return "\n".join(lines) + "\n"
