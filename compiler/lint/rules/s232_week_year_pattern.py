"""A date pattern uses `YYYY` (week year) where the calendar year `yyyy` was meant.

Why:
`Y` is the week-based year. It equals the calendar year `y` except around
New Year: 2024-12-30 prints as 2025-12-30. For those days the poll time is a
year ahead, so the poll finds nothing, and record dates read a year off.
It loses events in production, so `lint --strict` makes it an error.

Bad:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/finance/customers?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
      "idField": "id", "datesConfiguration": {"updatedDateField": "date_time_updated",
      "updatedDateFormat": "YYYY-MM-dd'T'HH:mm:ss", "createdDateField": "date_time_created",
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
Write `yyyy` (safe).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...datefmt.traps import Trap
from ...findings import Fix, Severity
from ..context import LintContext, Violation
from ._blocks import block_check, per_block
from ._dates import letter_fix, trap_check
from ._sites import PatternSite

CODE = "S232"
NAME = "week-year-pattern"
SEVERITY = Severity.WARNING
LOSES_EVENTS = True  # an error under `lint --strict` (lint/strict.py)


def _fix(site: PatternSite, trap: Trap) -> Fix:
    return letter_fix(site, trap.position, "y", safe=True)


_check = block_check(CODE)(trap_check("week-year", _fix))


def check(ctx: LintContext) -> Iterator[Violation]:
    return per_block(ctx, CODE)
