"""The versioned polling plan: what ``compile`` writes and ``run`` executes.

A plan is to the runtime what bytecode is to an interpreter: every default is
explicit, every placeholder and date pattern is pre-parsed, and it was checked
once, up front. ``schemas/plan.schema.json`` is the wire format; these frozen
dataclasses mirror it (JSON keys are camelCase, fields snake_case).

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
Delivery
  ``callback_url``; ``basic_auth`` (username in clear or a reference,
  password a reference or None); ``signature_key``; at most
  ``max_events_per_notification`` (10) events per notification; ``retry``.
RetryPolicy
  Cloud Elements' default: after a failed POST, retry up to ``max_retries``
  (9) times, waiting ``backoff_base_seconds ** n`` (4, 16, ... 4^9 s = 72.8 h)
  before retry n; when the last retry fails the notification is dead-lettered.
SecretRef
  Secrets never enter a plan. ``env`` names the variable the runtime reads at
  start. ``origin="env"``: the config said ``${env:NAME}``. ``origin="plain"``:
  the config held the secret itself; it was not copied, and ``env`` is a name
  derived from instance and key (see ``compile.delivery.secret_env_name``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import Any
from urllib.parse import quote

from .errors import PlanHashError
from .serialize import (
    PLAN_VERSION,
    body_hash,
    check_schema,
    check_version,
    dump_body,
    parse_json,
)

__all__ = [
    "BasicAuth", "DateExtraction", "Delivery", "Instance", "Literal",
    "Placeholder", "Plan",
    "QueryParam", "Resource", "RetryPolicy", "SecretRef", "dump", "dumps", "loads",
]

PathSegment = str | int
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_UNIT_US = {"s": 1_000_000, "ms": 1_000, "us": 1}


@dataclass(frozen=True)
class SecretRef:
    env: str
    origin: str = "env"  # "env" | "plain"

    def to_dict(self) -> dict[str, Any]:
        return {"env": self.env, "origin": self.origin}

    @staticmethod
    def from_dict(d: dict[str, Any]) -> SecretRef:
        return SecretRef(d["env"], d["origin"])


def _secret_or_none(d: dict[str, Any] | None) -> SecretRef | None:
    return None if d is None else SecretRef.from_dict(d)


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


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 9
    backoff_base_seconds: float = 4
    exhausted: str = "dead-letter"

    @property
    def max_attempts(self) -> int:
        """Delivery attempts in all: the first POST plus the retries."""
        return self.max_retries + 1

    def delay(self, retry: int) -> float:
        """Seconds to wait before retry number ``retry`` (1-based)."""
        return float(self.backoff_base_seconds**retry)

    def to_dict(self) -> dict[str, Any]:
        return {"maxRetries": self.max_retries, "backoffBaseSeconds": self.backoff_base_seconds,
                "exhausted": self.exhausted}


@dataclass(frozen=True)
class BasicAuth:
    username: str | SecretRef
    password: SecretRef | None

    def to_dict(self) -> dict[str, Any]:
        user = self.username.to_dict() if isinstance(self.username, SecretRef) else self.username
        return {"username": user, "password": self.password.to_dict() if self.password else None}

    @staticmethod
    def from_dict(d: dict[str, Any] | None) -> BasicAuth | None:
        if d is None:
            return None
        user = d["username"]
        return BasicAuth(user if isinstance(user, str) else SecretRef.from_dict(user),
                         _secret_or_none(d["password"]))


@dataclass(frozen=True)
class Delivery:
    callback_url: str
    basic_auth: BasicAuth | None = None
    signature_key: SecretRef | None = None
    max_events_per_notification: int = 10
    retry: RetryPolicy = field(default_factory=RetryPolicy)

    def secrets(self) -> list[SecretRef]:
        """Every reference the runtime must resolve before it starts."""
        refs = [self.signature_key]
        if self.basic_auth:
            user = self.basic_auth.username
            refs += [user if isinstance(user, SecretRef) else None, self.basic_auth.password]
        return [r for r in refs if r is not None]

    def to_dict(self) -> dict[str, Any]:
        return {
            "callbackUrl": self.callback_url,
            "basicAuth": self.basic_auth.to_dict() if self.basic_auth else None,
            "signatureKey": self.signature_key.to_dict() if self.signature_key else None,
            "maxEventsPerNotification": self.max_events_per_notification,
            "retry": self.retry.to_dict(),
        }

    @staticmethod
    def from_dict(d: dict[str, Any]) -> Delivery:
        r = d["retry"]
        return Delivery(
            d["callbackUrl"], BasicAuth.from_dict(d["basicAuth"]),
            _secret_or_none(d["signatureKey"]), d["maxEventsPerNotification"],
            RetryPolicy(r["maxRetries"], r["backoffBaseSeconds"], r["exhausted"]),
        )


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
    def from_dict(d: dict[str, Any]) -> Instance:
        return Instance(d["name"], d["elementKey"], Delivery.from_dict(d["delivery"]),
                        tuple(Resource.from_dict(r) for r in d["resources"]), tuple(d["tags"]),
                        d.get("instanceId"))


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
        return Plan(tuple(Instance.from_dict(i) for i in d["instances"]), d.get("compiledAt"))

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
    return Plan.from_dict(parse_json(text))
