"""The date pattern inside a URL placeholder is not a valid SimpleDateFormat.

Why:
The poller formats the last poll time with the placeholder's pattern using
Java's SimpleDateFormat. An illegal letter (`T` unquoted), an unbalanced quote,
a strftime pattern (`%Y-%m-%d`) or an empty pattern makes Java throw, so the
poll never runs.

Bad:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/finance/customers?where=date_time_updated>='${gmtDate:yyyy-MM-ddTHH:mm:ss}'",
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
from ._dates import problems
from ._sites import block_holders

CODE = "S213"
NAME = "invalid-placeholder-pattern"
SEVERITY = Severity.ERROR


@block_check(CODE)
def _check(ctx: LintContext, block: ResourceBlock) -> Iterator[Violation]:
    for holder in block_holders(block):
        if holder.pattern is None or holder.problem is not None:
            continue
        if not holder.pattern.strip():
            yield Violation(
                block.ptr("url"),
                f"the placeholder `{holder.raw}` has an empty date pattern",
                offset=holder.start,
            )
            continue
        for problem in problems(holder.pattern)[:1]:
            yield Violation(
                block.ptr("url"),
                f"the pattern of `{holder.raw}` is invalid: {problem.message}",
                offset=holder.pattern_offset + problem.position,
            )


def check(ctx: LintContext) -> Iterator[Violation]:
    return per_block(ctx, CODE)
