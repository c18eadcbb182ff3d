"""A resource's `idField` is empty.

Why:
`idField` is the JSON path of each record's identifier; it becomes the
`objectId` of every event. Empty, every event carries no object id, and the
receiver cannot tell which record changed.

Bad:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/finance/customers?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
      "idField": "", "datesConfiguration": {"updatedDateField": "date_time_updated",
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
For Sage 200, use the catalog's id field for the resource (safe when the
catalog entry is confirmed).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Edit, Fix, Severity
from ..context import LintContext, ResourceBlock, Violation
from ._blocks import block_check, per_block
from ._settings import blank
from ._sites import catalog_entry

CODE = "S278"
NAME = "empty-id-field"
SEVERITY = Severity.ERROR


def _fix(ctx: LintContext, block: ResourceBlock) -> Fix | None:
    entry = catalog_entry(ctx, block)
    if entry is None or not entry.id_field:
        return None
    return Fix(
        f"Use `{entry.id_field}`",
        (Edit(block.ptr("idField"), entry.id_field),),
        safe=entry.confidence == "confirmed",
    )


@block_check(CODE)
def _check(ctx: LintContext, block: ResourceBlock) -> Iterator[Violation]:
    if blank(block.data.get("idField")):
        yield Violation(
            block.ptr("idField"),
            f"resource `{block.key}` has an empty `idField`, so its events carry no object id",
            fix=_fix(ctx, block),
        )


def check(ctx: LintContext) -> Iterator[Violation]:
    return per_block(ctx, CODE)
