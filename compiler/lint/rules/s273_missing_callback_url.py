"""Events are enabled but no callback URL is set.

Why:
With `event.notification.enabled` true the poller runs and finds changes, but
without `event.notification.callback.url` there is nowhere to send them:
every event is dropped.

Bad:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true,
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
"""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Severity
from ..context import LintContext, Violation
from ._settings import CALLBACK, ENABLED, blank, events_enabled

CODE = "S273"
NAME = "missing-callback-url"
SEVERITY = Severity.ERROR


def check(ctx: LintContext) -> Iterator[Violation]:
    if not events_enabled(ctx):
        return
    url = ctx.setting(CALLBACK)
    if url is None:
        yield Violation(
            ctx.config_ptr(ENABLED),
            f"events are enabled but `{CALLBACK}` is missing, so no event can be delivered",
            at_key=True,
        )
    elif blank(url):
        yield Violation(
            ctx.config_ptr(CALLBACK),
            f"events are enabled but `{CALLBACK}` is empty, so no event can be delivered",
        )
