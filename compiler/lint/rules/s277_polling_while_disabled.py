"""Polling is configured but events are disabled.

Why:
`event.poller.configuration` only runs when `event.notification.enabled` is
true, and it defaults to false. A config with resources to poll but events
off (or the flag missing) silently delivers nothing.

Bad:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": false, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/finance/customers?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
      "idField": "id", "datesConfiguration": {"updatedDateField": "date_time_updated",
      "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss", "createdDateField": "date_time_created",
      "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss"}}}}}
```

Good:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/finance/customers?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
      "idField": "id", "createdCheckTolerance": 5, "datesConfiguration": {"updatedDateField": "date_time_updated",
      "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss", "createdDateField": "date_time_created",
      "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss"}}}}}
```

Fix:
Set `event.notification.enabled` to true (unsafe: polling starts).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from ...findings import Edit, Fix, Severity
from ..context import POLLER_POINTER, LintContext, Violation
from ._settings import ENABLED, events_enabled

CODE = "S277"
NAME = "polling-while-disabled"
SEVERITY = Severity.WARNING


def check(ctx: LintContext) -> Iterator[Violation]:
    if not ctx.resources or events_enabled(ctx):
        return
    value = ctx.setting(ENABLED)
    if value is None:
        yield Violation(
            POLLER_POINTER,
            f"resources are configured for polling but `{ENABLED}` is missing (default false), "
            "so nothing is polled",
            at_key=True,
        )
        return
    ptr = ctx.config_ptr(ENABLED)
    on: object = "true" if isinstance(value, str) else True
    yield Violation(
        ptr,
        f"resources are configured for polling but `{ENABLED}` is {json.dumps(value)}, so nothing is polled",
        fix=Fix("Enable events", (Edit(ptr, on),), safe=False),
    )
