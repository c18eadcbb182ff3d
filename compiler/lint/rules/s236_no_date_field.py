"""A date pattern has no year, month or day, only a time.

Why:
A pattern such as `HH:mm:ss` reads every value as a time on 1970-01-01 and
writes a poll time with no date. Every record then looks older than the last
poll (so nothing is delivered), or the API reads the time as today's.

Bad:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/finance/customers?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
      "idField": "id", "datesConfiguration": {"updatedDateField": "date_time_updated",
      "updatedDateFormat": "HH:mm:ss", "createdDateField": "date_time_created",
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
from ._blocks import block_check, per_block
from ._dates import trap_check

CODE = "S236"
NAME = "no-date-field"
SEVERITY = Severity.WARNING


_check = block_check(CODE)(trap_check("no-date-field"))


def check(ctx: LintContext) -> Iterator[Violation]:
    return per_block(ctx, CODE)
