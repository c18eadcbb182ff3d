"""The Sage 200 resource catalog: which resources the ``sage200`` element serves.

One source of truth (``schemas/sage200-catalog.json``) for the lint catalog
rules, ``generate``/``init`` and the compiler. Each resource names its hub path
under ``/hubs/finance``, its native Sage 200 collection, its key and date
fields, and how sure we are (``confirmed`` by a source, or ``inferred``).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType
from typing import Any

from .resources import load_schema

__all__ = [
    "CATALOG_FILE",
    "SAGE200_CREATED_TOLERANCE",
    "Catalog",
    "CatalogResource",
    "catalog_from_dict",
    "load_catalog",
]

#: createdCheckTolerance seconds that fit Sage 200: one save stamps
#: date_time_created and date_time_updated up to a few seconds apart (2.3 s in
#: the real samples), which a tolerance of 0 types UPDATED. generate and init
#: write it; lint S262 asks for it.
SAGE200_CREATED_TOLERANCE = 5

CATALOG_FILE = "sage200-catalog.json"


@dataclass(frozen=True)
class CatalogResource:
    """One resource the element serves, with its real field names."""

    hub_path: str  #: under /hubs/finance: "customers", "products/prices"
    native_path: str  #: Sage 200 collection: "customers", "product_price_views"
    id_field: str | None  #: "id", "product_price_id"; None when there is no usable key
    updated_field: str | None  #: "date_time_updated", "transaction_date_time_updated"
    created_field: str | None  #: "date_time_created", or None when records lack it
    fields: frozenset[str]  #: known top-level record fields
    pollable: bool  #: has a GET list and an updated field
    date_format: str  #: recommended SimpleDateFormat for record dates
    placeholder_format: str  #: recommended pattern inside ${gmtDate:...}
    confidence: str  #: "confirmed" | "inferred"
    source: str  #: reference tags the facts come from, e.g. "[S10] churros tests"
    timezone: str = "GMT"  #: recommended updatedDateTimezone / createdDateTimezone
    notes: str = ""  #: what is inferred and why
    native_pollable: bool | None = None  #: Sage 200 itself lists it by date (None: as pollable)
    native_instead: str | None = None  #: when not natively pollable: the hub path to poll

    @property
    def pollable_natively(self) -> bool:
        """Whether the native transport can poll it (a GET list with an updated field)."""
        return self.pollable if self.native_pollable is None else self.native_pollable


@dataclass(frozen=True)
class Catalog:
    """All resources of one element, keyed by hub path."""

    element_key: str
    hubs: frozenset[str]
    resources: Mapping[str, CatalogResource]
    aliases: Mapping[str, str] = field(default_factory=dict)  #: wrong name -> hub path

    def get(self, hub_path: str) -> CatalogResource | None:
        """The resource at ``hub_path`` (``"products/prices"``), or None."""
        return self.resources.get(hub_path)

    def by_native(self, native_path: str) -> CatalogResource | None:
        """The resource whose native Sage 200 collection is ``native_path``."""
        for resource in self.resources.values():
            if resource.native_path == native_path:
                return resource
        return None

    def native_collection(self, hub_path: str) -> str | None:
        """The Sage 200 collection behind ``hub_path`` (``products/groups``: ``product_groups``)."""
        resource = self.get(hub_path.strip("/"))
        return resource.native_path if resource is not None else None

    def suggest(self, name: str) -> list[str]:
        """Hub paths ``name`` probably meant, best first (may be empty)."""
        wanted = name.strip().strip("/").lower()
        exact = self._exact(wanted)
        if exact:
            return [exact]
        candidates = {path: path for path in self.resources}
        candidates.update({r.native_path: r.hub_path for r in self.resources.values()})
        candidates.update(self.aliases)
        close = difflib.get_close_matches(wanted, list(candidates), n=3, cutoff=0.7)
        return list(dict.fromkeys(candidates[match] for match in close))

    def _exact(self, wanted: str) -> str | None:
        # Native names, aliases and spelling variants (_ vs -) map straight home.
        if wanted in self.aliases:
            return self.aliases[wanted]
        native = self.by_native(wanted)
        if native is not None:
            return native.hub_path
        for variant in (wanted.replace("_", "-"), wanted.replace("-", "/")):
            if variant in self.resources and variant != wanted:
                return variant
        return None


def _resource(raw: Mapping[str, Any], defaults: Mapping[str, Any]) -> CatalogResource:
    return CatalogResource(
        hub_path=raw["hub_path"],
        native_path=raw["native_path"],
        id_field=raw["id_field"],
        updated_field=raw["updated_field"],
        created_field=raw["created_field"],
        fields=frozenset(raw["fields"]),
        pollable=raw["pollable"],
        date_format=raw.get("date_format", defaults["date_format"]),
        placeholder_format=raw.get("placeholder_format", defaults["placeholder_format"]),
        confidence=raw["confidence"],
        source=raw["source"],
        timezone=raw.get("timezone", defaults["timezone"]),
        notes=raw["notes"],
        native_pollable=raw.get("native_pollable"),
        native_instead=raw.get("native_instead"),
    )


def catalog_from_dict(data: Mapping[str, Any]) -> Catalog:
    """Build a catalog from its JSON form (validated by catalog.schema.json)."""
    defaults = data["datetimes"]
    resources = {raw["hub_path"]: _resource(raw, defaults) for raw in data["resources"]}
    aliases = {
        alias: raw["hub_path"] for raw in data["resources"] for alias in raw["aliases"]
    }
    return Catalog(
        element_key=data["element_key"],
        hubs=frozenset(data["hubs"]),
        resources=MappingProxyType(resources),
        aliases=MappingProxyType(aliases),
    )


@cache
def load_catalog() -> Catalog:
    """The bundled Sage 200 catalog, parsed once per process."""
    return catalog_from_dict(load_schema(CATALOG_FILE))
