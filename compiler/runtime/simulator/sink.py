"""The callback sink: a receiver that checks what the runtime delivers.

It checks HTTP Basic credentials and the ``Elements-Webhook-Signature`` when
configured (401 otherwise), counts notifications and events, and keeps every
delivered change as (objectType, objectId, updated ms) -> times received, so
tests can assert set equality with the changes the hub made. Faults: answer
the next N requests with a status, fail a fraction of them, or answer slowly.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson

from ...catalog import load_catalog
from .httpd import Request, Response

__all__ = ["Sink", "SinkFaults"]


@dataclass
class SinkFaults:
    """Failures to inject into the sink's answers."""

    fail_next: list[int] = field(default_factory=list)  #: statuses for the next requests
    fail_rate: float = 0.0
    fail_status: int = 500
    delay_ms: int = 0
    retry_after: float | None = None


def _updated_ms(record: dict[str, Any], fields: tuple[str, ...]) -> int | None:
    for name in fields:
        value = record.get(name)
        if isinstance(value, str):
            try:
                return int(datetime.fromisoformat(value).timestamp() * 1000)
            except ValueError:
                return None
    return None


class Sink:
    """Counts and verifies delivered notifications."""

    def __init__(
        self,
        signature_key: str | None = None,
        username: str | None = None,
        password: str | None = None,
    ) -> None:
        self.key = signature_key.encode() if signature_key else None
        self.auth = None
        if username is not None:
            token = base64.b64encode(f"{username}:{password or ''}".encode()).decode()
            self.auth = f"Basic {token}"
        self.faults = SinkFaults()
        self.random = random.Random(7)
        fields = {r.updated_field for r in load_catalog().resources.values() if r.updated_field}
        self.updated_fields = tuple(sorted(fields))
        self.reset()

    def reset(self) -> None:
        self.notifications = 0
        self.events = 0
        self.rejected: Counter[str] = Counter()
        self.webhook_ids: Counter[str] = Counter()
        self.received: Counter[tuple[str, str, int | None]] = Counter()
        self.types: dict[tuple[str, str, int | None], str] = {}
        self.in_flight = 0
        self.most_in_flight = 0  #: the most requests it was answering at once
        self.first_at: float | None = None  #: Unix time of the first notification counted
        self.last_at: float | None = None  #: and of the last

    async def handle(self, request: Request) -> Response:
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            return await self._answer(request)
        finally:
            self.in_flight -= 1

    async def _answer(self, request: Request) -> Response:
        faults = self.faults
        if faults.delay_ms:
            await asyncio.sleep(faults.delay_ms / 1000)
        status = self._injected()
        if status is not None:
            headers = {}
            if faults.retry_after is not None:
                headers["Retry-After"] = str(faults.retry_after)
            self.rejected[f"injected {status}"] += 1
            return Response(status, b'{"message":"injected fault"}', headers)
        problem = self._check(request)
        if problem is not None:
            self.rejected[problem] += 1
            return Response(401, json.dumps({"message": problem}).encode())
        try:
            self._count(request, orjson.loads(request.body))
        except (ValueError, KeyError, TypeError, AttributeError):
            self.rejected["malformed body"] += 1
            return Response(400, b'{"message":"malformed notification"}')
        return Response(200, b'{"status":"received"}', {"Content-Type": "application/json"})

    def _injected(self) -> int | None:
        if self.faults.fail_next:
            return self.faults.fail_next.pop(0)
        if self.faults.fail_rate and self.random.random() < self.faults.fail_rate:
            return self.faults.fail_status
        return None

    def _check(self, request: Request) -> str | None:
        if self.auth is not None and request.headers.get("authorization") != self.auth:
            return "bad basic auth"
        if self.key is not None:
            digest = hmac.new(self.key, request.body, hashlib.sha256).digest()
            expected = "sha256=" + base64.b64encode(digest).decode()
            given = request.headers.get("elements-webhook-signature", "")
            if not hmac.compare_digest(given, expected):
                return "bad signature"
        if not request.headers.get("elements-webhook-id"):
            return "no elements-webhook-id"
        return None

    def _count(self, request: Request, body: dict[str, Any]) -> None:
        message = body["message"]
        events = message["events"]
        object_type = message["raw"]["objectType"]
        records = message["raw"][object_type]
        self.notifications += 1
        self.events += len(events)
        self.last_at = time.time()
        if self.first_at is None:
            self.first_at = self.last_at
        self.webhook_ids[request.headers["elements-webhook-id"]] += 1
        for event, record in zip(events, records, strict=True):
            key = (event["objectType"], str(event["objectId"]),
                   _updated_ms(record, self.updated_fields))
            self.received[key] += 1
            self.types[key] = event["eventType"]

    def stats(self, keys: bool = False) -> dict[str, Any]:
        """Counters as JSON-ready data; ``keys`` adds every received change."""
        out: dict[str, Any] = {
            "notifications": self.notifications,
            "events": self.events,
            "unique_events": len(self.received),
            "duplicate_events": sum(n - 1 for n in self.received.values()),
            "duplicate_notifications": sum(n - 1 for n in self.webhook_ids.values()),
            "rejected": dict(self.rejected),
            "most_in_flight": self.most_in_flight,
            "first_at": self.first_at,
            "last_at": self.last_at,
        }
        if keys:
            out["received"] = [
                [t, i, u, n, self.types[(t, i, u)]] for (t, i, u), n in self.received.items()
            ]
        return out
