"""What a plan asks of one resource: its query, its dates, and the ``Resource`` itself.

Resource
  ``name``: the resource key, i.e. the event ``objectType``; ``hub``
  (``finance``) is the event ``hubKey``; ``method`` is always ``GET``;
  ``path`` has no query; ``url`` is the config text, for people only.
  ``query``: params in config order, each value a tuple of :class:`Literal`
  and :class:`Placeholder` tokens, already percent-decoded. ``encoding`` is
  ``rfc3986``: at request time each name and value is UTF-8 percent-encoded,
  leaving only ``A-Z a-z 0-9 - . _ ~`` as is (see :meth:`Resource.request_url`).
  ``id_path``: the ``idField`` JSON path as segments (``customer.id`` ->
  ``("customer", "id")``, ``['Modified Time']`` -> ``("Modified Time",)``,
  ``lines[0].id`` -> ``("lines", 0, "id")``); ``id_field`` is the text.
  ``updated`` / ``created``: :class:`DateExtraction` or None.
  ``created_check_tolerance`` s (default 0: CE calls a record CREATED when
  the dates "are the same"); ``filter_by_updated_date`` (default True);
  ``filter_by_current_date`` (default False); ``poll_delay`` s (default 0);
  ``page_size`` (default 200); ``interval`` s (``event.poller.refresh_interval``
  minutes x 60, default 15 min).
Placeholder
  ``kind`` date | gmtDate | dateTimeZone | epoch; ``pattern`` (Java
  SimpleDateFormat) for the date kinds; ``zone``: ``UTC`` for ``date`` (the
  zone Cloud Elements' servers ran in), ``GMT`` for ``gmtDate``, as written for
  ``dateTimeZone`` (a bare offset ``-6:00`` becomes Java's ``GMT-6:00``), None
  for epoch; ``unit`` s | ms | us for epoch only. :meth:`Placeholder.render`
  formats one instant with ``sage200cfg.datefmt``.
DateExtraction
  ``field`` (text), ``path`` (segments), ``format`` ``pattern`` or
  ``milliseconds`` (epoch ms), ``pattern`` (None for milliseconds), ``zone``
  (default ``UTC``: "unless configured ... polling occurs in UTC").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import Any
from urllib.parse import quote

__all__ = [
    "DateExtraction", "Literal", "PathSegment", "Placeholder", "QueryParam", "Resource", "Token",
]

PathSegment = str | int
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_UNIT_US = {"s": 1_000_000, "ms": 1_000, "us": 1}


@dataclass(frozen=True)
class Literal:
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"type": "literal", "text": self.text}


@dataclass(frozen=True)
class Placeholder:
    kind: str  # date | gmtDate | dateTimeZone | epoch
    raw: str
    pattern: str | None = None
    zone: str | None = None
    unit: str | None = None  # s | ms | us (epoch only)

    def render(self, instant: datetime) -> str:
        """The text that replaces this placeholder for ``instant`` (tz-aware)."""
        if self.kind == "epoch":
            delta = instant - _EPOCH
            micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
            return str(micros // _UNIT_US[self.unit or "ms"])
        from ..datefmt import format as format_date

        return str(format_date(self.pattern or "", instant, self.zone or "UTC"))

    def to_dict(self) -> dict[str, Any]:
        return {"type": "placeholder", "kind": self.kind, "raw": self.raw,
                "pattern": self.pattern, "zone": self.zone, "unit": self.unit}


Token = Literal | Placeholder


def _token(d: dict[str, Any]) -> Token:
    if d["type"] == "literal":
        return Literal(d["text"])
    return Placeholder(d["kind"], d["raw"], d["pattern"], d["zone"], d["unit"])


@dataclass(frozen=True)
class QueryParam:
    name: str
    value: tuple[Token, ...]

    def render(self, instant: datetime) -> str:
        """The decoded value for ``instant``."""
        return "".join(t.text if isinstance(t, Literal) else t.render(instant) for t in self.value)

    def to_dict(self) -> dict[str, Any]:
        return self._dict

    @cached_property
    def _dict(self) -> dict[str, Any]:
        # Compiled configs share parsed params across instances: build the JSON once.
        return {"name": self.name, "value": [t.to_dict() for t in self.value]}


@dataclass(frozen=True)
class DateExtraction:
    field: str
    path: tuple[PathSegment, ...]
    format: str  # "pattern" | "milliseconds"
    pattern: str | None
    zone: str = "UTC"

    def to_dict(self) -> dict[str, Any]:
        return self._dict

    @cached_property
    def _dict(self) -> dict[str, Any]:
        return {"field": self.field, "path": list(self.path), "format": self.format,
                "pattern": self.pattern, "zone": self.zone}

    @staticmethod
    def from_dict(d: dict[str, Any] | None) -> DateExtraction | None:
        if d is None:
            return None
        return DateExtraction(d["field"], tuple(d["path"]), d["format"], d["pattern"], d["zone"])


@dataclass(frozen=True)
class Resource:
    name: str
    hub: str
    path: str
    url: str
    query: tuple[QueryParam, ...]
    id_field: str
    id_path: tuple[PathSegment, ...]
    updated: DateExtraction | None
    created: DateExtraction | None
    created_check_tolerance: int = 0
    filter_by_updated_date: bool = True
    filter_by_current_date: bool = False
    poll_delay: int = 0
    page_size: int = 200
    interval: int = 900
    method: str = "GET"
    encoding: str = "rfc3986"

    def placeholder_instant(self, last_poll: datetime) -> datetime:
        """The instant placeholders format: the last poll time minus ``poll_delay``."""
        if last_poll.tzinfo is None:
            raise ValueError("last_poll must be timezone-aware")
        return last_poll - timedelta(seconds=self.poll_delay)

    def query_values(self, last_poll: datetime) -> list[tuple[str, str]]:
        """The config's query params, decoded, with placeholders filled in."""
        instant = self.placeholder_instant(last_poll)
        return [(p.name, p.render(instant)) for p in self.query]

    def request_url(self, last_poll: datetime, page_token: str | None = None) -> str:
        """Path and encoded query of one page request (append it to the API base).

        The config's params come first, then ``pageSize``, then ``nextPage`` when
        following an ``elements-next-page-token``.
        """
        pairs = [*self.query_values(last_poll), ("pageSize", str(self.page_size))]
        if page_token is not None:
            pairs.append(("nextPage", page_token))
        query = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs)
        return f"{self.path}?{query}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "hub": self.hub, "method": self.method, "path": self.path,
            "url": self.url, "query": [q.to_dict() for q in self.query],
            "encoding": self.encoding, "idField": self.id_field, "idPath": list(self.id_path),
            "updated": self.updated.to_dict() if self.updated else None,
            "created": self.created.to_dict() if self.created else None,
            "createdCheckTolerance": self.created_check_tolerance,
            "filterByUpdatedDate": self.filter_by_updated_date,
            "filterByCurrentDate": self.filter_by_current_date,
            "pollDelay": self.poll_delay, "pageSize": self.page_size, "interval": self.interval,
        }

    @staticmethod
    def from_dict(d: dict[str, Any]) -> Resource:
        query = tuple(
            QueryParam(q["name"], tuple(_token(t) for t in q["value"])) for q in d["query"]
        )
        return Resource(
            d["name"], d["hub"], d["path"], d["url"], query, d["idField"], tuple(d["idPath"]),
            DateExtraction.from_dict(d["updated"]), DateExtraction.from_dict(d["created"]),
            d["createdCheckTolerance"], d["filterByUpdatedDate"], d["filterByCurrentDate"],
            d["pollDelay"], d["pageSize"], d["interval"], d["method"], d["encoding"],
        )
