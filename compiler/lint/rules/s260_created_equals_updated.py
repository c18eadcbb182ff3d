"""The created and updated date fields are the same field.

Why:
The poller types an event CREATED when a record's created and updated dates
are equal. With one field for both they are always equal, so every change is
reported as CREATED. Use two different fields, or, when the API has only one
date, set `filterByUpdatedDate: false` so the poller filters by that date
and does not pretend to tell the two apart.
It loses events in production, so `lint --strict` makes it an error.

Bad:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/finance/customers?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
      "idField": "id", "datesConfiguration": {"updatedDateField": "date_time_updated",
      "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss", "createdDateField": "date_time_updated",
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
For Sage 200, use the catalog's created field; elsewhere set an existing
`filterByUpdatedDate` to false (both unsafe).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Edit, Fix, Severity
from ..context import LintContext, ResourceBlock, Violation
from ._blocks import block_check, per_block
from ._sites import catalog_entry

CODE = "S260"
NAME = "created-equals-updated"
SEVERITY = Severity.WARNING
LOSES_EVENTS = True  # an error under `lint --strict` (lint/strict.py)


def _fix(ctx: LintContext, block: ResourceBlock, field: str) -> Fix | None:
    entry = catalog_entry(ctx, block)
    if entry is not None and entry.created_field and entry.created_field != field:
        ptr = block.ptr("datesConfiguration", "createdDateField")
        return Fix(f"Use `{entry.created_field}`", (Edit(ptr, entry.created_field),), safe=False)
    if "filterByUpdatedDate" in block.data:
        ptr = block.ptr("filterByUpdatedDate")
        return Fix("Set filterByUpdatedDate to false", (Edit(ptr, False),), safe=False)
    return None


@block_check(CODE)
def _check(ctx: LintContext, block: ResourceBlock) -> Iterator[Violation]:
    updated = block.date_text("updatedDateField")
    created = block.date_text("createdDateField")
    if not updated or not updated.strip() or created != updated:
        return
    if block.data.get("filterByUpdatedDate") is False:
        return
    yield Violation(
        block.ptr("datesConfiguration", "createdDateField"),
        f"createdDateField and updatedDateField are both `{updated}`, so every event is "
        "typed CREATED; use two fields or set `filterByUpdatedDate: false`",
        fix=_fix(ctx, block, updated),
    )


def check(ctx: LintContext) -> Iterator[Violation]:
    return per_block(ctx, CODE)
