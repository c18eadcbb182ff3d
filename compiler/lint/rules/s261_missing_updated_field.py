"""A polled resource has no `updatedDateField`, or an empty one.

Why:
The poller reads `updatedDateField` from each record to skip records that did
not change since the last poll and to tell CREATED from UPDATED. Without it
every record the URL returns is an event on every poll. Resources that only
have a created date should set `filterByUpdatedDate: false` instead.

Bad:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/finance/customers?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
      "idField": "id", "datesConfiguration": {"updatedDateField": "",
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
For Sage 200, fill an empty `updatedDateField` with the catalog's field (safe
when the catalog entry is confirmed).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Edit, Fix, Severity
from ..context import LintContext, ResourceBlock, Violation
from ._blocks import block_check, per_block
from ._sites import catalog_entry

CODE = "S261"
NAME = "missing-updated-field"
SEVERITY = Severity.WARNING


def _empty(ctx: LintContext, block: ResourceBlock) -> Violation:
    ptr = block.ptr("datesConfiguration", "updatedDateField")
    entry = catalog_entry(ctx, block)
    fix = None
    if entry is not None and entry.updated_field:
        safe = entry.confidence == "confirmed"
        fix = Fix(f"Use `{entry.updated_field}`", (Edit(ptr, entry.updated_field),), safe=safe)
    return Violation(ptr, f"resource `{block.key}` has an empty updatedDateField", fix=fix)


@block_check(CODE)
def _check(ctx: LintContext, block: ResourceBlock) -> Iterator[Violation]:
    if block.data.get("filterByUpdatedDate") is False:
        return
    value = block.dates.get("updatedDateField")
    if isinstance(value, str) and not value.strip():
        yield _empty(ctx, block)
    elif value is None:
        has_dates = "datesConfiguration" in block.data
        yield Violation(
            block.ptr("datesConfiguration") if has_dates else block.pointer,
            f"resource `{block.key}` has no updatedDateField, so every record it returns "
            "is an event on every poll",
            at_key=True,
        )


def check(ctx: LintContext) -> Iterator[Violation]:
    return per_block(ctx, CODE)
