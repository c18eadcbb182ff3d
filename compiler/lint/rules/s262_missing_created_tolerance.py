"""A Sage 200 resource types CREATED by its created date but has no `createdCheckTolerance`.

Why:
The poller calls a record CREATED when its created and updated dates are
within `createdCheckTolerance` seconds, and Cloud Elements' default is 0.
Sage 200 stamps the two dates separately during one save: in the real
samples a customer was created at 22:04:20.567 and updated at 22:04:22.863 by
the same save, so with a tolerance of 0 every new record is reported as
UPDATED. A few seconds (`generate` and `init` write 5) tells them apart.

Bad:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/finance/customers?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
      "idField": "id", "datesConfiguration": {"updatedDateField": "date_time_updated",
      "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss", "updatedDateTimezone": "GMT",
      "createdDateField": "date_time_created", "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss",
      "createdDateTimezone": "GMT"}}}}}
```

Good:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/finance/customers?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
      "idField": "id", "datesConfiguration": {"updatedDateField": "date_time_updated",
      "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss", "updatedDateTimezone": "GMT",
      "createdDateField": "date_time_created", "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss",
      "createdDateTimezone": "GMT"},
      "createdCheckTolerance": 5}}}}
```

Fix:
Set `createdCheckTolerance` to 5 (unsafe: it changes how events are typed).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...catalog import SAGE200_CREATED_TOLERANCE
from ...findings import Edit, Fix, Severity
from ..context import LintContext, ResourceBlock, Violation
from ._blocks import block_check, per_block

CODE = "S262"
NAME = "missing-created-tolerance"
SEVERITY = Severity.WARNING


@block_check(CODE)
def _check(ctx: LintContext, block: ResourceBlock) -> Iterator[Violation]:
    if ctx.catalog is None or block.data.get("filterByUpdatedDate") is False:
        return  # not Sage 200, or not typing by the created date
    created = block.date_text("createdDateField")
    if not created or not created.strip() or created == block.date_text("updatedDateField"):
        return  # nothing to compare (S260 covers one field for both)
    tolerance = block.data.get("createdCheckTolerance")
    if tolerance not in (None, 0, "0"):
        return
    ptr = block.ptr("createdCheckTolerance")
    fix = Fix(f"Set createdCheckTolerance to {SAGE200_CREATED_TOLERANCE}",
              (Edit(ptr, SAGE200_CREATED_TOLERANCE),), safe=False)
    what = "no createdCheckTolerance" if tolerance is None else "createdCheckTolerance 0"
    yield Violation(
        ptr if tolerance is not None else block.pointer,
        f"resource `{block.key}` has {what}: Sage 200 stamps `{created}` and the updated "
        "date seconds apart in one save, so new records are typed UPDATED; set it to "
        f"{SAGE200_CREATED_TOLERANCE}",
        fix=fix, at_key=tolerance is None,
    )


def check(ctx: LintContext) -> Iterator[Violation]:
    return per_block(ctx, CODE)
