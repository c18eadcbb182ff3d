"""The placeholder is compared with `>`, so records changed in the same second are lost.

Why:
The placeholder expands to the last poll time, usually to the second. A
record updated later in that same second is not `>` the poll time, so it is
never delivered, and the next poll starts after it. `>=` may read a record a
second time; `>` loses it for good.
It loses events in production, so `lint --strict` makes it an error.

Bad:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/finance/customers?where=date_time_updated>'${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
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

Fix:
Compare with `>=` (or `<=` when the placeholder is on the left; safe).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Edit, Fix, Severity
from ..context import LintContext, ResourceBlock, Violation
from ..where import Comparison
from ._blocks import block_check, per_block
from ._sites import WhereSite, block_where

CODE = "S223"
NAME = "strict-where-comparison"
SEVERITY = Severity.WARNING
LOSES_EVENTS = True  # an error under `lint --strict` (lint/strict.py)


def _inclusive(cmp: Comparison) -> str | None:
    if cmp.op.text == ">" and cmp.right.placeholder is not None:
        return ">="
    if cmp.op.text == "<" and cmp.left.placeholder is not None:
        return "<="
    return None


def _precision(cmp: Comparison) -> str:
    """The smallest unit the placeholder writes: a tie within it is lost."""
    holder = cmp.right.placeholder or cmp.left.placeholder
    if holder is None:
        return "second"
    if holder.kind == "epoch":
        return {"s": "second", "us": "microsecond"}.get(holder.unit or "ms", "millisecond")
    return "millisecond" if "S" in (holder.pattern or "") else "second"


def _violation(site: WhereSite, cmp: Comparison, new: str) -> Violation:
    url = site.url_with(cmp.op.start, cmp.op.end, new)
    fix = None
    if url is not None:
        fix = Fix(f"Compare with `{new}`", (Edit(site.block.ptr("url"), url),), safe=True)
    return Violation(
        site.block.ptr("url"),
        f"the poll time is compared with `{cmp.op.text}`, so records changed in the same "
        f"{_precision(cmp)} as the last poll are never delivered; use `{new}`",
        fix=fix,
        offset=site.offset(cmp.op.start),
    )


@block_check(CODE)
def _check(ctx: LintContext, block: ResourceBlock) -> Iterator[Violation]:
    site = block_where(block)
    if site is None:
        return
    for cmp in site.where.comparisons:
        if (new := _inclusive(cmp)) is not None:
            yield _violation(site, cmp, new)


def check(ctx: LintContext) -> Iterator[Violation]:
    return per_block(ctx, CODE)
