"""The Cloud Elements notification envelope, its ids and its signature.

Body::

    {severity, createdDate, topic, action, id,
     message: {elementKey, instanceId, instance_id, instanceName, instanceTags, eventId,
               raw: {<objectType>: [records], pollDate, objectType},
               events: [{date, elementKey, pollDate, eventType, hubKey, objectId, objectType,
                         eventId}]},
     user}

``instanceId`` (and its twin ``instance_id``, both sent by Cloud Elements) is
the config's top-level ``id`` when it has one; otherwise a stable integer
derived from the instance name (:func:`derived_instance_id`), so receivers
that key on it keep working across restarts. Each event has an ``eventId`` of
its own, a hash of the change, so it is the same in every resend.

``raw[objectType][i]`` is the record of ``events[i]`` with ``objectId`` and
``eventType`` added, as Cloud Elements does. ``message.eventId`` (also sent as
``elements-webhook-id``) is a hash of what the notification carries, so the
same changes always get the same id: receivers can dedupe on it, and a retry
or a resend after a crash repeats it. The body is built once, stored in the
outbox and sent byte for byte on every try, so its signature never changes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Sequence
from functools import lru_cache

import orjson

from ..plan.model import Instance, Resource
from .records import Event
from .store.base import Outgoing

__all__ = [
    "build_notification",
    "derived_instance_id",
    "event_id",
    "java_date",
    "poll_ms_of",
    "sign",
]

_USER = "notifications@cloud-elements.com"


def java_date(ms: int) -> str:
    """``java.util.Date.toString()`` in UTC: ``Fri Feb 21 16:43:41 UTC 2020``."""
    return time.strftime("%a %b %d %H:%M:%S UTC %Y", time.gmtime(ms // 1000))


def iso_seconds(ms: int) -> str:
    return _iso_second(ms // 1000)


@lru_cache(maxsize=4096)
def _iso_second(second: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(second))


def notification_id(instance: str, resource: str, events: Sequence[Event]) -> str:
    """20 url-safe characters, a function of the changes only."""
    digest = hashlib.sha256(f"{instance}\0{resource}".encode())
    for event in events:
        digest.update(f"\0{event.object_id}\0{event.updated_text}\0{event.event_type}".encode())
    return base64.urlsafe_b64encode(digest.digest()).decode()[:20]


def derived_instance_id(name: str) -> int:
    """A positive 48-bit integer from the instance name: stable, and shaped like CE's ids."""
    return int.from_bytes(hashlib.sha256(f"instance\0{name}".encode()).digest()[:6], "big")


def event_id(instance: str, resource: str, event: Event) -> str:
    """20 url-safe characters naming one change of one record."""
    digest = hashlib.sha256(
        f"{instance}\0{resource}\0{event.object_id}\0{event.updated_text}\0{event.event_type}"
        .encode()
    ).digest()
    return base64.urlsafe_b64encode(digest).decode()[:20]


def build_notification(
    instance: Instance, resource: Resource, events: Sequence[Event], poll_ms: int
) -> Outgoing:
    """One notification for up to ``max_events_per_notification`` events."""
    note_id = notification_id(instance.name, resource.name, events)
    poll_date = iso_seconds(poll_ms)
    kinds = {e.event_type for e in events}
    instance_id = (instance.instance_id if instance.instance_id is not None
                   else derived_instance_id(instance.name))
    body = {
        "severity": "medium",
        "createdDate": java_date(poll_ms),
        "topic": f"instance-{instance.name}-{instance.element_key}-events",
        "action": "create" if kinds == {"CREATED"} else "update",
        "id": str(int.from_bytes(hashlib.sha256(note_id.encode()).digest()[:6], "big")),
        "message": {
            "elementKey": instance.element_key,
            "instanceId": instance_id,
            "instance_id": instance_id,
            "instanceName": instance.name,
            "instanceTags": list(instance.tags),
            "eventId": note_id,
            "raw": {
                resource.name: [_raw(e) for e in events],
                "pollDate": poll_ms,
                "objectType": resource.name,
            },
            "events": [
                {
                    "date": iso_seconds(e.updated_ms if e.updated_ms >= 0 else poll_ms),
                    "elementKey": instance.element_key,
                    "pollDate": poll_date,
                    "eventType": e.event_type,
                    "hubKey": resource.hub,
                    "objectId": e.object_id,
                    "objectType": resource.name,
                    "eventId": event_id(instance.name, resource.name, e),
                }
                for e in events
            ],
        },
        "user": _USER,
    }
    try:
        raw = orjson.dumps(body)
    except TypeError:  # integers beyond 64 bits
        raw = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    return Outgoing(note_id, raw, len(events))


def _raw(event: Event) -> dict[str, object]:
    # The record was parsed for this notification alone, so it is tagged in
    # place (copying a 130-field Sage record per event costs more than the rest).
    record = event.record
    record["objectId"] = event.object_id
    record["eventType"] = event.event_type
    return record


def poll_ms_of(body: bytes) -> int | None:
    """When the poll that queued this notification started (``raw.pollDate``), if readable."""
    try:
        value = orjson.loads(body)["message"]["raw"]["pollDate"]
    except (orjson.JSONDecodeError, KeyError, TypeError):
        return None
    return value if isinstance(value, int) else None


def sign(key: bytes, body: bytes) -> str:
    """The ``Elements-Webhook-Signature`` value: ``sha256=<base64 HMAC-SHA256>``."""
    return "sha256=" + base64.b64encode(hmac.new(key, body, hashlib.sha256).digest()).decode()
