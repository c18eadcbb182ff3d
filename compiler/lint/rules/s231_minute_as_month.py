"""A date pattern uses `mm` (minutes) where the month `MM` was meant.

Why:
In SimpleDateFormat `mm` is the minute and `MM` the month. `yyyy-mm-dd`
parses and prints without complaint, but puts the minute where the month
belongs: records land in the wrong month and the poll time sent to the API
is wrong for all but one minute an hour.
It loses events in production, so `lint --strict` makes it an error.

Bad:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/finance/customers?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
      "idField": "id", "datesConfiguration": {"updatedDateField": "date_time_updated",
      "updatedDateFormat": "yyyy-mm-dd'T'HH:mm:ss", "createdDateField": "date_time_created",
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
Write `MM` for the month (safe).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...datefmt.traps import Trap
from ...findings import Fix, Severity
from ..context import LintContext, Violation
from ._blocks import block_check, per_block
from ._dates import letter_fix, trap_check
from ._sites import PatternSite

CODE = "S231"
NAME = "minute-as-month"
SEVERITY = Severity.WARNING
LOSES_EVENTS = True  # an error under `lint --strict` (lint/strict.py)


def _fix(site: PatternSite, trap: Trap) -> Fix:
    return letter_fix(site, trap.position, "M", safe=True)


_check = block_check(CODE)(trap_check("minute-as-month", _fix))


def check(ctx: LintContext) -> Iterator[Violation]:
    return per_block(ctx, CODE)
