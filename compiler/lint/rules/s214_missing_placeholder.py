"""The poll URL has no date placeholder, so every poll reads everything.

Why:
Without `${gmtDate:...}` (or `${epoch}`) in the `where` clause the API returns
every record on every poll; the poller then pages through all of them to find
the few that changed since the last poll. It works for tiny tables and grows
slower and costlier with every record. Filter by the updated date instead.

Bad:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/finance/customers",
      "idField": "id", "datesConfiguration": {"updatedDateField": "date_time_updated",
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
"""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Severity
from ..context import LintContext, ResourceBlock, Violation
from ._blocks import block_check, per_block

CODE = "S214"
NAME = "missing-placeholder"
SEVERITY = Severity.WARNING


@block_check(CODE)
def _check(ctx: LintContext, block: ResourceBlock) -> Iterator[Violation]:
    if block.url and block.url.strip() and "${" not in block.url:
        yield Violation(
            block.ptr("url"),
            f"resource `{block.key}` polls without a date placeholder, so every poll "
            "reads every record; filter by the updated date with `${gmtDate:...}`",
        )


def check(ctx: LintContext) -> Iterator[Violation]:
    return per_block(ctx, CODE)
