"""A date pattern reads a fraction of a second with `S` or `SSSSSS`, but `S` counts milliseconds.

Why:
`S` is a count of milliseconds, not a decimal fraction: `.5` parses as 5 ms
with `S`, and `SSSSSS` reads microseconds `123456` as 123456 ms (two
minutes). Only `SSS` with exactly three digits means what it looks like.

Bad:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/finance/customers?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'}'",
      "idField": "id", "datesConfiguration": {"updatedDateField": "date_time_updated",
      "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss", "createdDateField": "date_time_created",
      "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss"}}}}}
```

Good:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/finance/customers?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss.SSS'Z'}'",
      "idField": "id", "createdCheckTolerance": 5, "datesConfiguration": {"updatedDateField": "date_time_updated",
      "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss", "createdDateField": "date_time_created",
      "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss"}}}}}
```

Fix:
Write `SSS` (unsafe: the values must have exactly three digits).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...datefmt.traps import Trap
from ...findings import Edit, Fix, Severity
from ..context import LintContext, Violation
from ._blocks import block_check, per_block
from ._dates import trap_check
from ._sites import PatternSite, run_length

CODE = "S234"
NAME = "fraction-not-milliseconds"
SEVERITY = Severity.WARNING


def _fix(site: PatternSite, trap: Trap) -> Fix:
    count = run_length(site.pattern, trap.position)
    edit = Edit(site.pointer, site.replaced(trap.position, count, "SSS"))
    return Fix("Write `SSS`", (edit,), safe=False)


_check = block_check(CODE)(trap_check("fraction-not-milliseconds", _fix))


def check(ctx: LintContext) -> Iterator[Violation]:
    return per_block(ctx, CODE)
