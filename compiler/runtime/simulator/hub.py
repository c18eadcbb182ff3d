"""The simulated Sage 200 data behind the hub: records, changes and paging.

Each resource keeps its rows sorted by (updated, id), so a ``where`` lower
bound on the updated field is a binary search and paging is keyset paging:
the ``elements-next-page-token`` names the last (updated, id) served. An
update appends a new row and leaves the old one stale (skipped on read),
which keeps a million rows cheap. Records are the Sage 200 sample of the
resource with only the key and date fields replaced, rendered the way Sage
200 does (``2024-02-28T14:06:36.61Z``: UTC, trailing zeros trimmed).
"""

from __future__ import annotations

import base64
import bisect
import json
import random
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ...catalog import CatalogResource, load_catalog
from . import ceql
from .sample_records import SAMPLE_RECORDS

__all__ = ["Change", "Hub", "SimResource", "sage_time"]

_FIRST_ID = 100_000


@lru_cache(maxsize=8192)
def _second(second: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))


def sage_time(ms: int) -> str:
    """Epoch ms as Sage 200 writes it: ``2024-02-28T14:06:36.61Z``."""
    text = _second(ms // 1000)
    frac = ms % 1000
    return f"{text}.{frac:03d}".rstrip("0") + "Z" if frac else text + "Z"


@dataclass(frozen=True)
class Change:
    """One create or update the simulator made (for tests' set equality)."""

    resource: str
    object_id: str
    created_ms: int
    updated_ms: int


@dataclass
class SimResource:
    """One hub resource: its catalog entry, sample record and rows."""

    meta: CatalogResource
    template: dict[str, Any]
    rows: list[tuple[int, int]] = field(default_factory=list)  #: sorted (updated, id)
    current: dict[int, tuple[int, int]] = field(default_factory=dict)  #: id -> (created, updated)
    overrides: dict[int, dict[str, Any]] = field(default_factory=dict)
    next_id: int = _FIRST_ID
    _prefix: str = ""

    def __post_init__(self) -> None:
        skip = {self.meta.id_field, self.meta.updated_field, self.meta.created_field}
        body = {k: v for k, v in self.template.items() if k not in skip}
        self._prefix = json.dumps(body, ensure_ascii=False)[:-1]

    def render(self, object_id: int) -> str:
        """The record as JSON text."""
        created, updated = self.current[object_id]
        if object_id in self.overrides:
            return json.dumps(self.as_dict(object_id), ensure_ascii=False)
        parts = [f'"{self.meta.id_field}": {object_id}']
        if self.meta.created_field:
            parts.append(f'"{self.meta.created_field}": "{sage_time(created)}"')
        parts.append(f'"{self.meta.updated_field}": "{sage_time(updated)}"')
        return f"{self._prefix}, {', '.join(parts)}}}" if len(self._prefix) > 1 else (
            "{" + ", ".join(parts) + "}"
        )

    def as_dict(self, object_id: int) -> dict[str, Any]:
        created, updated = self.current[object_id]
        record = dict(self.template)
        record[str(self.meta.id_field)] = object_id
        if self.meta.created_field:
            record[self.meta.created_field] = sage_time(created)
        record[str(self.meta.updated_field)] = sage_time(updated)
        override = self.overrides.get(object_id, {})
        record.update(override.get("set", {}))
        for name in override.get("drop", []):
            record.pop(name, None)
        return record

    def field_value(self, object_id: int, name: str) -> Any:
        created, updated = self.current[object_id]
        if name == self.meta.id_field:
            return object_id
        if name == self.meta.updated_field:
            return updated
        if name == self.meta.created_field:
            return created
        return self.template.get(name)

    def put(self, object_id: int, created: int, updated: int) -> None:
        self.current[object_id] = (created, updated)
        row = (updated, object_id)
        if not self.rows or row >= self.rows[-1]:
            self.rows.append(row)
        else:
            bisect.insort(self.rows, row)

    def live(self, start: tuple[int, int]) -> Iterator[tuple[int, int]]:
        """Current rows at or after ``start``, in (updated, id) order."""
        for index in range(bisect.bisect_left(self.rows, start), len(self.rows)):
            updated, object_id = self.rows[index]
            if self.current.get(object_id, (0, -1))[1] == updated:
                yield updated, object_id


def encode_token(row: tuple[int, int]) -> str:
    return base64.urlsafe_b64encode(f"{row[0]}:{row[1]}".encode()).decode().rstrip("=")


def decode_token(token: str) -> tuple[int, int]:
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        updated, object_id = text.split(":")
        return int(updated), int(object_id)
    except (ValueError, UnicodeDecodeError):
        raise ceql.CeqlError(f"invalid nextPage token {token!r}") from None


class Hub:
    """Every pollable catalog resource, with thread-safe changes and paging."""

    def __init__(self, seed: int = 200) -> None:
        self.lock = threading.Lock()
        self.random = random.Random(seed)
        self.changes: list[Change] = []
        self.resources: dict[str, SimResource] = {}
        for meta in load_catalog().resources.values():
            if meta.pollable and meta.id_field and meta.updated_field:
                template = SAMPLE_RECORDS.get(meta.native_path) or {"name": meta.native_path}
                self.resources[meta.hub_path] = SimResource(meta, template)

    def resource(self, hub_path: str) -> SimResource | None:
        return self.resources.get(hub_path.strip("/"))

    def create(self, hub_path: str, count: int, start_ms: int, end_ms: int | None = None) -> int:
        """Create ``count`` records updated (= created) from start to end; return the count."""
        res = self.resources[hub_path]
        end = start_ms if end_ms is None else end_ms
        step = (end - start_ms) / max(count - 1, 1)
        with self.lock:
            for n in range(count):
                at = int(start_ms + n * step)
                object_id = res.next_id
                res.next_id += 1
                res.put(object_id, at, at)
                self.changes.append(Change(hub_path, str(object_id), at, at))
        return count

    def update(self, hub_path: str, ids: list[int] | None, count: int, at_ms: int) -> list[int]:
        """Update the given ids (or ``count`` random existing ones) at ``at_ms``."""
        res = self.resources[hub_path]
        with self.lock:
            if ids is None:
                pool = list(res.current)
                ids = self.random.sample(pool, min(count, len(pool)))
            for object_id in ids:
                created = res.current.get(object_id, (at_ms, at_ms))[0]
                res.put(object_id, created, at_ms)
                self.changes.append(Change(hub_path, str(object_id), created, at_ms))
        return ids

    def page(
        self, hub_path: str, where: str | None, page_size: int, token: str | None
    ) -> tuple[list[str], str | None]:
        """One page of matching records (JSON texts) and the next-page token."""
        res = self.resources[hub_path]
        node = ceql.parse(where) if where else None
        bound = ceql.lower_bound(node, str(res.meta.updated_field)) if node else None
        if node is not None and ceql.is_lower_bound_only(node, str(res.meta.updated_field)):
            node = None  # the binary search already applied the whole clause
        start = (bound if bound is not None else -(2**62), -1)
        if token:
            after = decode_token(token)
            start = max(start, (after[0], after[1] + 1))
        dates = {res.meta.updated_field, res.meta.created_field} - {None}
        out: list[str] = []
        last: tuple[int, int] | None = None
        with self.lock:
            for row in res.live(start):
                object_id = row[1]
                get = lambda name, i=object_id: res.field_value(i, name)  # noqa: E731
                if node is None or ceql.matches(node, get, dates):  # type: ignore[arg-type]
                    out.append(res.render(object_id))
                    last = row
                    if len(out) >= page_size:
                        break
        # Like Cloud Elements, a token comes with every non-empty page, even
        # when the next page will be empty.
        return out, encode_token(last) if last is not None else None

    def offset_page(
        self, hub_path: str, where: str | None, page_size: int, token: str | None
    ) -> tuple[list[str], str | None]:
        """Like :meth:`page`, but the token is an offset into the matching records.

        This is how many hubs page: the records are ordered by update time and
        a record updated between two requests moves to the end, shifting every
        later record one place forward, so the next page starts one too far.
        """
        try:
            offset = int(token) if token else 0
        except ValueError:
            raise ceql.CeqlError(f"invalid nextPage token {token!r}") from None
        res = self.resources[hub_path]
        node = ceql.parse(where) if where else None
        dates = {res.meta.updated_field, res.meta.created_field} - {None}
        matching: list[int] = []
        with self.lock:
            for _updated, object_id in res.live((-(2**62), -1)):
                get = lambda name, i=object_id: res.field_value(i, name)  # noqa: E731
                if node is None or ceql.matches(node, get, dates):  # type: ignore[arg-type]
                    matching.append(object_id)
            out = [res.render(i) for i in matching[offset : offset + page_size]]
        return out, str(offset + len(out)) if out else None
