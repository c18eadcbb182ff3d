"""The `where` clause filters on a different field than `updatedDateField`.

Why:
The placeholder in the `where` clause selects records by one date field, then
the poller reads `updatedDateField` from each record to decide whether it
changed since the last poll and whether it was created or updated. When the
two differ, records selected by one date are judged by another: changes are
dropped or reported twice. Often one of the two was copied from another
element's example. Provider keywords that take a date (`updated_since`,
`modified_after`) are not columns and are not compared.
It loses events in production, so `lint --strict` makes it an error.

Bad:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/finance/customers?where=account_opened>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
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

import re
from collections.abc import Iterator

from ...findings import Severity
from ..context import LintContext, ResourceBlock, Violation
from ..where import Token
from ._blocks import block_check, per_block
from ._sites import WhereSite, block_where

CODE = "S222"
NAME = "where-field-mismatch"
SEVERITY = Severity.WARNING
LOSES_EVENTS = True  # an error under `lint --strict` (lint/strict.py)


# Provider query keywords stand where a column would (`updated_or_created_since`).
_KEYWORD = re.compile(r"since|after", re.I)


def _filtered(site: WhereSite) -> list[Token]:
    """The columns compared with a placeholder, in order (provider keywords excluded)."""
    fields: list[Token] = []
    for cmp in site.where.comparisons:
        for column, value in ((cmp.left, cmp.right), (cmp.right, cmp.left)):
            if value.placeholder is not None and column.kind in ("word", "ident"):
                fields.append(column)
    return fields


def _same(column: str, field: str) -> bool:
    column, field = column.strip("`").lower(), field.lower()
    # JSON paths: `attributes.modifiedon` or `properties.lastmodifieddate.value` are
    # filtered as `modifiedon` and `lastmodifieddate`.
    return column == field or column in field.split(".") or column.endswith("." + field)


def _expected(block: ResourceBlock) -> list[str]:
    names = [block.date_text("updatedDateField") or ""]
    if block.data.get("filterByUpdatedDate") is False:
        names.append(block.date_text("createdDateField") or "")
    return [name for name in names if name.strip()]


@block_check(CODE)
def _check(ctx: LintContext, block: ResourceBlock) -> Iterator[Violation]:
    site = block_where(block)
    if site is None:
        return
    expected = _expected(site.block)
    fields = _filtered(site)
    if not expected or not fields or any(_KEYWORD.search(f.text) for f in fields):
        return
    if any(_same(f.text, name) for f in fields for name in expected):
        return
    yield Violation(
        site.block.ptr("url"),
        f"the where clause filters on `{fields[0].text.strip('`')}` but updatedDateField is "
        f"`{expected[0]}`: records are selected by one date and judged by another",
        offset=site.offset(fields[0].start),
    )


def check(ctx: LintContext) -> Iterator[Violation]:
    return per_block(ctx, CODE)
