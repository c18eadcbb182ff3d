"""A date pattern uses a 12-hour clock (`hh`, `KK`) without an AM/PM marker.

Why:
`hh` is the hour 1-12. Without `a` for AM/PM, 09:00 and 21:00 are written
and read the same, so half the day's records get a time twelve hours off and
the poll time is wrong every afternoon.
It loses events in production, so `lint --strict` makes it an error.

Bad:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/finance/customers?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
      "idField": "id", "datesConfiguration": {"updatedDateField": "date_time_updated",
      "updatedDateFormat": "yyyy-MM-dd'T'hh:mm:ss", "createdDateField": "date_time_created",
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
Write the 24-hour `HH` (unsafe: check the API's values are 24-hour).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...datefmt.traps import Trap
from ...findings import Fix, Severity
from ..context import LintContext, Violation
from ._blocks import block_check, per_block
from ._dates import letter_fix, trap_check
from ._sites import PatternSite

CODE = "S233"
NAME = "twelve-hour-without-marker"
SEVERITY = Severity.WARNING
LOSES_EVENTS = True  # an error under `lint --strict` (lint/strict.py)


def _fix(site: PatternSite, trap: Trap) -> Fix:
    return letter_fix(site, trap.position, "H", safe=False)


_check = block_check(CODE)(trap_check("twelve-hour-without-marker", _fix))


def check(ctx: LintContext) -> Iterator[Violation]:
    return per_block(ctx, CODE)
