"""`event.poller.refresh_interval` is below 1 minute, or implausibly long.

Why:
The interval is in minutes. Zero or a negative number is not a schedule (and a
fraction below one minute is not honoured), so the poller either never runs
or runs flat out. More than a day (1440 minutes) between polls is almost
always minutes mistaken for seconds, and it is reported as a warning.

Bad:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage", "event.poller.refresh_interval": "0",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/finance/customers?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
      "idField": "id", "datesConfiguration": {"updatedDateField": "date_time_updated",
      "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss", "createdDateField": "date_time_created",
      "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss"}}}}}
```

Good:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage", "event.poller.refresh_interval": "15",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/finance/customers?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
      "idField": "id", "createdCheckTolerance": 5, "datesConfiguration": {"updatedDateField": "date_time_updated",
      "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss", "createdDateField": "date_time_created",
      "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss"}}}}}
```

Fix:
Raise a value below 1 to `1` (unsafe: pick the interval you meant).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ...findings import Edit, Fix, Severity
from ..context import LintContext, Violation

CODE = "S270"
NAME = "out-of-range-refresh-interval"
SEVERITY = Severity.ERROR

KEY = "event.poller.refresh_interval"
HUGE = 1440  # one day, in minutes


def _minutes(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None  # not a number at all: the schema reports it
    return None


def check(ctx: LintContext) -> Iterator[Violation]:
    value = ctx.setting(KEY)
    minutes = _minutes(value)
    if minutes is None or minutes != minutes:  # NaN
        return
    ptr = ctx.config_ptr(KEY)
    if minutes < 1:
        one: object = "1" if isinstance(value, str) else 1
        yield Violation(
            ptr,
            f"`{KEY}` is {json.dumps(value)}, but the interval is in minutes and must be at least 1",
            fix=Fix("Poll every minute", (Edit(ptr, one),), safe=False),
        )
    elif minutes > HUGE:
        yield Violation(
            ptr,
            f"`{KEY}` is {json.dumps(value)} minutes, more than a day between polls; "
            "the interval is in minutes, not seconds",
            severity=Severity.WARNING,
        )
