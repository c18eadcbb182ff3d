"""A date pattern uses `DD` (day of the year) where the day of the month `dd` was meant.

Why:
`D` is the day of the year (1-366) and `d` the day of the month.
`yyyy-MM-DD` prints 2024-02-59 for 28 February and reads dates wrongly
from February on.
It loses events in production, so `lint --strict` makes it an error.

Bad:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/finance/customers?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
      "idField": "id", "datesConfiguration": {"updatedDateField": "date_time_updated",
      "updatedDateFormat": "yyyy-MM-DD'T'HH:mm:ss", "createdDateField": "date_time_created",
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
Write `dd` (safe).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...datefmt.traps import Trap
from ...findings import Fix, Severity
from ..context import LintContext, Violation
from ._blocks import block_check, per_block
from ._dates import letter_fix, trap_check
from ._sites import PatternSite

CODE = "S235"
NAME = "day-of-year-pattern"
SEVERITY = Severity.WARNING
LOSES_EVENTS = True  # an error under `lint --strict` (lint/strict.py)


def _fix(site: PatternSite, trap: Trap) -> Fix:
    return letter_fix(site, trap.position, "d", safe=True)


_check = block_check(CODE)(trap_check("day-of-year", _fix))


def check(ctx: LintContext) -> Iterator[Violation]:
    return per_block(ctx, CODE)
