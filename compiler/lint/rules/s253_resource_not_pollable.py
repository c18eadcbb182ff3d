"""The Sage 200 resource cannot be polled by date.

Why:
Polling needs a list endpoint and an updated-date field to filter on. Some
Sage 200 resources are write-only (`payments/receipts` is POST only) or have
no updated date at all (`nominal-transactions`), so a poll either fails or
re-reads everything every time and cannot tell what changed.

Bad:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "payments/receipts": {"url": "/hubs/finance/payments/receipts?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
      "idField": "id", "datesConfiguration": {"updatedDateField": "date_time_updated",
      "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss"}}}}}
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
from ..context import LintContext, ResourceBlock, Violation
from ._blocks import block_check, per_block
from ._sites import catalog_entry

CODE = "S253"
NAME = "resource-not-pollable"
SEVERITY = Severity.WARNING


@block_check(CODE)
def _check(ctx: LintContext, block: ResourceBlock) -> Iterator[Violation]:
    entry = catalog_entry(ctx, block)
    if entry is None or entry.pollable:
        return
    why = entry.notes.rstrip(".") if entry.notes else "it has no updated-date field"
    yield Violation(
        block.ptr("url") if block.url is not None else block.pointer,
        f"Sage 200 `{entry.hub_path}` cannot be polled by date: {why}",
        at_key=block.url is None,
    )


def check(ctx: LintContext) -> Iterator[Violation]:
    return per_block(ctx, CODE)
