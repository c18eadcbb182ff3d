"""A quote or backtick in the `where` clause is never closed.

Why:
CEQL values sit in single quotes and column names in backticks. An unclosed
quote swallows the rest of the clause, so the API rejects the query or reads a
different one. Quotes inside a placeholder's pattern (`'T'`) are part of the
pattern and are not counted here.

Bad:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/finance/customers?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}",
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
from ._sites import block_where

CODE = "S220"
NAME = "unbalanced-where-quotes"
SEVERITY = Severity.ERROR


@block_check(CODE)
def _check(ctx: LintContext, block: ResourceBlock) -> Iterator[Violation]:
    site = block_where(block)
    if site is None:
        return
    for problem in site.where.of_kind("unclosed-quote"):
        yield Violation(
            site.block.ptr("url"),
            f"in the where clause, {problem.message}",
            offset=site.offset(problem.start),
        )


def check(ctx: LintContext) -> Iterator[Violation]:
    return per_block(ctx, CODE)
