"""`idField` or a date field names a field the Sage 200 resource does not have.

Why:
The poller reads `idField`, `updatedDateField` and `createdDateField` from
every record. A field the records do not have yields events with no object
id, or records whose dates cannot be read, so changes are dropped or every
event is typed wrongly. Cloud Elements' own Sage 200 example names
`updated_at`/`created_at`, copied from Sage One; Sage 200 records carry
`date_time_updated`/`date_time_created`. The catalog is partly inferred, so
this is a warning.

Bad:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/finance/customers?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
      "idField": "id", "datesConfiguration": {"updatedDateField": "updated_at",
      "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss", "createdDateField": "created_at",
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
Use the catalog's field name for the resource (safe when the catalog entry is
confirmed by a source, unsafe when it is inferred).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...catalog import CatalogResource
from ...findings import Edit, Fix, Severity
from ..context import LintContext, ResourceBlock, Violation
from ._blocks import block_check, per_block
from ._sites import catalog_entry

CODE = "S251"
NAME = "unknown-field"
SEVERITY = Severity.WARNING


def _fields(entry: CatalogResource) -> tuple[tuple[str, bool, str | None], ...]:
    """(key, whether it sits in datesConfiguration, the catalog's name for it)."""
    return (
        ("idField", False, entry.id_field),
        ("updatedDateField", True, entry.updated_field),
        ("createdDateField", True, entry.created_field),
    )


def _violation(
    block: ResourceBlock,
    entry: CatalogResource,
    key: str,
    dated: bool,
    value: str,
    right: str | None,
) -> Violation:
    ptr = block.ptr("datesConfiguration", key) if dated else block.ptr(key)
    hint = f"; it is `{right}`" if right else f"; `{entry.hub_path}` has no such field"
    fix = None
    if right:
        fix = Fix(f"Use `{right}`", (Edit(ptr, right),), safe=entry.confidence == "confirmed")
    return Violation(
        ptr, f"Sage 200 `{entry.hub_path}` records have no `{value}` field ({key}){hint}", fix=fix
    )


@block_check(CODE)
def _check(ctx: LintContext, block: ResourceBlock) -> Iterator[Violation]:
    entry = catalog_entry(ctx, block)
    if entry is None or not entry.fields:
        return
    for key, dated, right in _fields(entry):
        value = (block.dates if dated else block.data).get(key)
        if not isinstance(value, str) or value.split(".", 1)[0] in entry.fields:
            continue
        if value.strip():
            yield _violation(block, entry, key, dated, value, right)


def check(ctx: LintContext) -> Iterator[Violation]:
    if ctx.catalog is None:
        return iter(())
    return per_block(ctx, CODE)
