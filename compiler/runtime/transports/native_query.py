"""A plan resource as Sage 200 native requests: collection, ``$filter``, key paging.

Paging is by key, never by offset: ``$skip`` pages shift when a record
changes mid-poll (it leaves its place, the rest move up, one is skipped).
Pages are ordered by ``{updated},{id}`` and the next page asks for what comes
after the last record read::

    (<where>) and (updated gt U or (updated ge U and id gt I))

(``ge`` rather than ``eq`` in the second half: the same rows, and it does not
depend on the server comparing fractions of a second exactly). A record that
changes mid-poll moves to the end of the order and is read again, newer; no
record can move to before the cursor, because updates only move dates
forward. An empty page ends the poll: Sage caps pages, so a short page proves
nothing. The cursor is the last record's (updated text, id) as JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote

from ...catalog import load_catalog
from ...odata import ODataError, ODataFilter, translate, utc_literal
from ...plan.model import DateExtraction, Placeholder, Resource
from ..errors import ApiError, SetupError
from ..records import floor_ms, from_ms, to_ms

__all__ = ["MAX_TOP", "NativeQuery", "NativeRefusal", "native_query"]

MAX_TOP = 5000


class NativeRefusal(SetupError):
    """A resource with no native Sage 200 form; ``kind`` says why (compile maps it to a code).

    ``pollable``: the native collection has no list (``instead`` names the hub
    resource to poll); ``filter``: the where clause or a hub parameter has no
    ``$filter`` form; ``paging``: the key or date is not a top-level field.
    """

    def __init__(self, message: str, kind: str, instead: str | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.instead = instead


@dataclass(frozen=True)
class NativeQuery:
    """How one resource is read natively."""

    collection: str  #: "sales_posted_transactions"
    where: ODataFilter | None
    placeholders: tuple[Placeholder, ...]
    updated: str | None  #: top-level updated field, ordered on first
    key: str  #: top-level id field, the tie-breaker
    top: int

    @property
    def orderby(self) -> str:
        return f"{self.updated},{self.key}" if self.updated else self.key

    def filter(self, instant: datetime, cursor: str | None) -> str | None:
        """``$filter`` for a page: the where clause, then the key condition."""
        values = [utc_literal(from_ms(_floor(p, to_ms(instant)))) for p in self.placeholders]
        where = self.where.render(values) if self.where is not None else None
        after = self._after(cursor) if cursor is not None else None
        if where and after:
            return f"({where}) and ({after})"
        return where or after

    def _after(self, cursor: str) -> str:
        updated, key = json.loads(cursor)
        key_text = str(key) if isinstance(key, int) else "'" + str(key).replace("'", "''") + "'"
        if self.updated is None:
            return f"{self.key} gt {key_text}"
        if updated is None:  # Sage omits null fields; nulls sort first
            return (f"{self.updated} ne null or "
                    f"({self.updated} eq null and {self.key} gt {key_text})")
        return (f"{self.updated} gt {updated} or "
                f"({self.updated} ge {updated} and {self.key} gt {key_text})")

    def cursor(self, record: object) -> str:
        """The cursor after ``record`` (the last of a page)."""
        if not isinstance(record, dict) or record.get(self.key) is None:
            raise ApiError(f"a {self.collection} record has no {self.key!r}: cannot page")
        updated = record.get(self.updated) if self.updated else None
        if updated is not None:
            updated = _utc_text(updated, self.collection, self.updated or "")
        return json.dumps([updated, record[self.key]], separators=(",", ":"))

    def query(self, instant: datetime, cursor: str | None) -> str:
        """The encoded query string of one page."""
        pairs = [("$orderby", self.orderby), ("$top", str(self.top))]
        text = self.filter(instant, cursor)
        if text:
            pairs.insert(0, ("$filter", text))
        return "&".join(f"{quote(k, safe='$')}={quote(v, safe=',')}" for k, v in pairs)


def _utc_text(value: object, collection: str, field: str) -> str:
    """A record's date as a filter literal (older builds write no ``Z``: it is UTC)."""
    try:
        instant = datetime.fromisoformat(str(value))
    except ValueError:
        raise ApiError(f"a {collection} record's {field} {value!r} is not a date-time: "
                         "cannot page") from None
    return utc_literal(instant if instant.tzinfo else instant.replace(tzinfo=UTC))


def _floor(placeholder: Placeholder, ms: int) -> int:
    """The instant the placeholder would have written, cut to its pattern's precision."""
    if placeholder.kind == "epoch":
        step = {"s": 1000, "ms": 1, "us": 1}[placeholder.unit or "ms"]
        return ms - ms % step
    extraction = DateExtraction("", (), "pattern", placeholder.pattern, placeholder.zone or "UTC")
    return floor_ms(extraction, ms)


def _top_level(path: tuple[str | int, ...], what: str, name: str) -> str:
    if len(path) != 1 or not isinstance(path[0], str):
        raise NativeRefusal(f"{name}: the native transport pages by a top-level {what} field",
                            "paging")
    return path[0]


def native_query(resource: Resource) -> NativeQuery:
    """Translate a plan resource; raises :class:`NativeRefusal` when it has no native form."""
    hub_path = resource.path.removeprefix(f"/hubs/{resource.hub}").strip("/")
    meta = load_catalog().get(hub_path)
    if meta is None:
        raise NativeRefusal(f"{resource.name}: {hub_path!r} has no known Sage 200 collection",
                            "pollable")
    if not meta.pollable_natively:
        instead = meta.native_instead
        also = ""
        if instead and (other := load_catalog().get(instead)) is not None:
            also = f"; poll {instead!r} ({other.native_path}) instead"
        raise NativeRefusal(f"{resource.name}: Sage 200's {meta.native_path} has no list to "
                            f"poll (POST only){also}", "pollable", instead)
    parts: list[str | int] = []
    placeholders: list[Placeholder] = []
    where = None
    for param in resource.query:
        if param.name == "pageSize":
            continue
        if param.name != "where":
            raise NativeRefusal(f"{resource.name}: hub parameter {param.name!r} has no native "
                                "form", "filter")
        for token in param.value:
            if isinstance(token, Placeholder):
                parts.append(len(placeholders))
                placeholders.append(token)
            else:
                parts.append(token.text)
        try:
            where = translate(parts)
        except ODataError as exc:
            raise NativeRefusal(f"{resource.name}: where cannot become $filter: {exc}",
                                "filter") from None
    updated = None
    if resource.updated is not None and resource.updated.path:
        updated = _top_level(resource.updated.path, "updated", resource.name)
    key = _top_level(resource.id_path, "id", resource.name)
    return NativeQuery(meta.native_path, where, tuple(placeholders), updated, key,
                       min(resource.page_size, MAX_TOP))
