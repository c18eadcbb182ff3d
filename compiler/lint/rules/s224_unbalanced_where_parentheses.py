"""A parenthesis in the `where` clause has no partner.

Why:
CEQL groups conditions with parentheses. A missing `)` or a stray one makes
the clause invalid, so every poll fails, or the grouping is not the one that
was meant.

Bad:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/finance/customers?where=(date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}' AND on_hold='false'",
      "idField": "id", "datesConfiguration": {"updatedDateField": "date_time_updated",
      "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss", "createdDateField": "date_time_created",
      "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss"}}}}}
```

Good:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/finance/customers?where=(date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}' AND on_hold='false')",
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

CODE = "S224"
NAME = "unbalanced-where-parentheses"
SEVERITY = Severity.ERROR


@block_check(CODE)
def _check(ctx: LintContext, block: ResourceBlock) -> Iterator[Violation]:
    site = block_where(block)
    if site is None:
        return
    if site.where.of_kind("unclosed-quote"):
        return  # the quote swallowed the rest; S220 reports it
    for problem in site.where.of_kind("unbalanced-parenthesis"):
        yield Violation(
            site.block.ptr("url"),
            f"in the where clause, {problem.message}",
            offset=site.offset(problem.start),
        )


def check(ctx: LintContext) -> Iterator[Violation]:
    return per_block(ctx, CODE)
